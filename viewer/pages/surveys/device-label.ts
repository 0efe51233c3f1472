// A device class as the survey page names it, in the language showing now.
import { t } from '../../i18n/translate.ts';

export const DEVICES = ['desktop', 'tablet', 'mobile'] as const;
export type Device = (typeof DEVICES)[number];

/** "Mobile" / "Mobilgerät"; a class the viewer does not know is shown as sent. */
export const deviceLabel = (device: string): string => ((DEVICES as readonly string[]).includes(device) ? t(`surveys.device.${device as Device}`) : device);
