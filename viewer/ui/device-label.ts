// A device class as the viewer's language names it: one wording for the sessions list,
// the heatmaps, the surveys and the replay page.
import type { Device } from '../../contract/schemas/index.ts';
import { t } from '../i18n/translate.ts';

export const DEVICES = ['desktop', 'tablet', 'mobile'] as const satisfies readonly Device[];

/** "Mobile" / "Mobilgerät"; a class this viewer does not know (a newer server) is shown as sent. */
export const deviceLabel = (device: string): string => ((DEVICES as readonly string[]).includes(device) ? t(`ui.device.${device as Device}`) : device);
