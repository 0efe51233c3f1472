import type { Device } from '../../contract/schemas/index.ts';

/** Device class by viewport width: mobile < 768 px ≤ tablet < 1024 px ≤ desktop. */
export function deviceClass(viewportWidth: number): Device {
  if (viewportWidth < 768) return 'mobile';
  if (viewportWidth < 1024) return 'tablet';
  return 'desktop';
}
