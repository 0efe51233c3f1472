/** A page for heatmaps: the URL without query and fragment (their values may be personal, and they split one page into many). */
export const pageKey = (url: string): string => url.split(/[?#]/, 1)[0] ?? url;
