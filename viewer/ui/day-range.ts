// Date filters are whole days in the viewer's own time zone ("to" includes that
// day), sent as epoch ms: a bare ISO date would be read as UTC midnight and cut
// the day short or long by the offset.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The API bounds for two `<input type=date>` values; an empty or malformed one is left out. */
export function dayRange(from: string, to: string): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {};
  if (ISO_DATE.test(from)) range.from = String(localDayStart(from));
  if (ISO_DATE.test(to)) range.to = String(localDayStart(to, 1) - 1);
  return range;
}

function localDayStart(isoDate: string, plusDays = 0): number {
  const [y = 0, m = 1, d = 1] = isoDate.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).getTime();
}
