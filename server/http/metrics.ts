// What an operator's Prometheus scrapes from GET /metrics: counters the code bumps where
// things happen, and gauges read when scraped (queue depths). Label values are codes
// and kinds the server chose, never anything a visitor sent, so the series stay few.
export type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
  /** For gauges: read at scrape time. */
  read?: () => Promise<GaugeValue> | GaugeValue;
}

type GaugeValue = number | { labels: Labels; value: number }[];

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));

// The text format escapes backslash, double quote and newline in label values.
const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels: Labels) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

export function createMetrics() {
  const families = new Map<string, Family>();
  const family = (name: string, help: string, type: Family['type']): Family => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { help, type, values: new Map() }));
    return f;
  };
  return {
    /** A counter: `inc(labels, by)` adds to the series of those labels. */
    counter(name: string, help: string) {
      const f = family(name, help, 'counter');
      return (labels: Labels = {}, by = 1) => {
        const k = key(labels);
        const v = f.values.get(k);
        if (v) v.value += by;
        else f.values.set(k, { labels, value: by });
      };
    },
    /** A gauge read when scraped. */
    gauge(name: string, help: string, read: NonNullable<Family['read']>): void {
      family(name, help, 'gauge').read = read;
    },
    /** The Prometheus text exposition format (version 0.0.4). */
    async render(): Promise<string> {
      const lines: string[] = [];
      for (const [name, f] of families) {
        lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
        const read = await f.read?.();
        const series = read === undefined ? [...f.values.values()] : typeof read === 'number' ? [{ labels: {}, value: read }] : read;
        for (const s of series) lines.push(`${name}${labelText(s.labels)} ${Number.isFinite(s.value) ? s.value : 0}`);
      }
      return lines.join('\n') + '\n';
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
