// The dates a heatmap image covers, for its caption. A request without `from` covers
// everything recorded up to `to`: it must not read "1970-01-01 to …".

const day = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

/** "2026-11-01 to 2026-11-30", one day as "2026-11-30", no start as "all days to 2026-11-30". */
export function captionPeriod(from: number | undefined, to: number): string {
  if (from === undefined) return `all days to ${day(to)}`;
  return day(from) === day(to) ? day(to) : `${day(from)} to ${day(to)}`;
}
