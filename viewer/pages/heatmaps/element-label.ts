// How a clicked element is named in the heatmap's lists. A click on the page's root
// (below a short body, on the margin) comes with no selector: it gets a name, not an
// empty row.

export const NO_ELEMENT = 'Page background (no element)';

export const elementLabel = (selector: string): string => selector.trim() || NO_ELEMENT;
