// What a migration says while it runs (stderr) and when it is done (stdout): progress a
// person can follow without a flood of lines, and the counts that prove nothing was lost.

export interface TableProgress {
  table: string;
  done: number;
  total: number;
  /** The table's last report: its count is final. */
  finished: boolean;
}

const n = (x: number) => x.toLocaleString('en-US');

export const progressLine = (p: TableProgress): string =>
  `${p.table}: ${n(p.done)} of ${n(p.total)} (${p.total ? Math.floor((p.done / p.total) * 100) : 100} %)`;

/** At most one line a second per table while it is copied, and always its last one. */
export function throttledProgress(write: (line: string) => void, now: () => number = Date.now, everyMs = 1000): (p: TableProgress) => void {
  const shown = new Map<string, number>();
  return (p) => {
    const t = now();
    // A table's last batch is said by its finished line, not twice.
    if (!p.finished && (p.done >= p.total || t - (shown.get(p.table) ?? -Infinity) < everyMs)) return;
    shown.set(p.table, t);
    write(progressLine(p));
  };
}

export interface TableCount {
  table: string;
  sqlite: number;
  postgres: number;
}

export function countsTable(counts: TableCount[], blobs: { chunks: number; inBucket: number } | null): string {
  const rows: [string, string, string, string][] = [['table', 'SQLite', 'PostgreSQL', '']];
  for (const c of counts) rows.push([c.table, n(c.sqlite), n(c.postgres), c.sqlite === c.postgres ? '' : 'DIFFERS']);
  if (blobs) rows.push(['chunk blobs in the bucket', n(blobs.chunks), n(blobs.inBucket), blobs.chunks === blobs.inBucket ? '' : 'DIFFERS']);
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `${r[0].padEnd(width[0]!)}  ${r[1].padStart(width[1]!)}  ${r[2].padStart(width[2]!)}${r[3] ? `  ${r[3]}` : ''}`).join('\n');
}

/** One line per count that differs, empty when the copy is whole. */
export function differences(counts: TableCount[], blobs: { chunks: number; inBucket: number } | null): string[] {
  const out = counts.filter((c) => c.sqlite !== c.postgres).map((c) => `${c.table}: ${n(c.sqlite)} rows in SQLite, ${n(c.postgres)} in PostgreSQL (${c.postgres - c.sqlite > 0 ? '+' : ''}${n(c.postgres - c.sqlite)})`);
  if (blobs && blobs.chunks !== blobs.inBucket) out.push(`chunk blobs: ${n(blobs.chunks)} chunks, ${n(blobs.inBucket)} in the bucket`);
  return out;
}
