// The hot end of the click legend in the viewer's language. The number is rounded
// as the server's PNG rounds it (contract/heat-legend.ts), so the live view and a
// downloaded image name the same peak; only the words and the number's separators differ.
import { peakClicks } from '../../../contract/heat-legend.ts';
import { t } from '../../i18n/translate.ts';

export const peakLabel = (peak: number): string => (peak > 0 ? t('heatmaps.legend.peak', { count: peakClicks(peak) }) : t('heatmaps.legend.noClicks'));
