// The words at the hot end of a click heatmap's legend, the viewer's and the PNG's
// alike, so a downloaded image reads in the same unit as the live view: clicks per
// spot, a lone click counting as 1 at its centre. The PNG says it in English; the
// viewer words peakClicks() in its own language.

/** The peak as the legend shows it: one decimal below 10, whole above. */
export function peakClicks(peak: number): number {
  return peak < 10 ? Math.round(peak * 10) / 10 : Math.round(peak);
}

/** "no clicks", "1 click", "2.5 clicks", "140 clicks". */
export function peakClicksLabel(peak: number): string {
  if (!(peak > 0)) return 'no clicks';
  const n = peakClicks(peak);
  return `${n} ${n === 1 ? 'click' : 'clicks'}`;
}
