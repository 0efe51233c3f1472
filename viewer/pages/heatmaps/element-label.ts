// How a clicked element is named in the heatmap's lists. A click on the page's root
// (below a short body, on the margin) comes with no selector: it gets a name, not an
// empty row.
import { t } from '../../i18n/translate.ts';

export const elementLabel = (selector: string): string => selector.trim() || t('heatmaps.noElement');
