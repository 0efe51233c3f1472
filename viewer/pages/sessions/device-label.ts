// A device class as the viewer's language names it; the sessions list and the
// heatmaps page both show it.
import type { Device } from '../../../contract/schemas/index.ts';
import { t } from '../../i18n/translate.ts';

export const deviceLabel = (device: Device): string => t(`sessions.device.${device}`);
