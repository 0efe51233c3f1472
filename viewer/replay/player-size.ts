// How big the replay area is. Pure, so the layout rule can be tested without a browser.

/** rrweb-player adds its controller below the replay area; `height` excludes it. */
const CONTROLLER_HEIGHT = 80;

/** The replay area for a container width: the recorded aspect ratio, but never taller than most of the window. */
export function playerSize(containerWidth: number, viewport: { width: number; height: number }, windowHeight: number): { width: number; height: number } {
  const width = Math.max(280, Math.floor(containerWidth));
  const aspect = viewport.width > 0 && viewport.height > 0 ? viewport.height / viewport.width : 9 / 16;
  const maxHeight = Math.max(200, windowHeight * 0.75 - CONTROLLER_HEIGHT);
  return { width, height: Math.round(Math.min(width * aspect, maxHeight)) };
}
