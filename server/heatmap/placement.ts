// Placement: where to draw a recorded click on the snapshot being shown, which may
// come from a different layout (another viewport width, a redesigned page).
import type { Click } from '../schemas.ts';

/** An element's box in page CSS px, in the snapshot being shown. */
export interface ElementRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DocWidths {
  /** Document width when the click was recorded. */
  recorded: number;
  /** Document width of the snapshot being shown. */
  shown: number;
}

/**
 * The point to draw for a click. When its target is found in the snapshot, the
 * click lands at the same place inside the element (the recorder stored the offset
 * in percent for exactly this), so "the Pay button" stays on the Pay button even
 * if the button moved. Otherwise the click's own page position is scaled by the
 * width change; y scales with x because fluid layouts grow in both directions.
 */
export function placeClick(
  click: Pick<Click, 'x' | 'y' | 'offsetX' | 'offsetY'>,
  rect: ElementRect | null,
  widths: DocWidths,
): { x: number; y: number } {
  if (rect) {
    return { x: rect.x + (rect.width * click.offsetX) / 100, y: rect.y + (rect.height * click.offsetY) / 100 };
  }
  const scale = widths.recorded > 0 && widths.shown > 0 ? widths.shown / widths.recorded : 1;
  return { x: click.x * scale, y: click.y * scale };
}
