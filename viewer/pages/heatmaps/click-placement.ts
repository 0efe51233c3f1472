// Where a recorded click belongs on the rebuilt page. Clicks are stored with their
// element's selector and where inside it they landed, so they follow the element
// when the layout differs (another width, a banner above it); the page x/y is the
// fallback when the element is not in this snapshot.
import type { ClickPoint } from '../../api.ts';

/** A click on the rebuilt page, in document pixels. */
export interface PlacedClick {
  x: number;
  y: number;
  selector: string;
  rage: boolean;
  dead: boolean;
  /** false when placed by its page x/y because the element was not found. */
  onElement: boolean;
  /** Clicks this one stands for (a sample of many weighs more than 1). */
  weight: number;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The element's box relative to the document (scroll included), or null when it is absent, hidden or the selector is invalid. */
export function elementBox(doc: Document, selector: string): Box | null {
  let el: Element | null;
  try {
    el = doc.querySelector(selector);
  } catch {
    return null;
  }
  if (!el) return null;
  const rect = el.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0) return null;
  const view = doc.defaultView;
  return { left: rect.left + (view?.scrollX ?? 0), top: rect.top + (view?.scrollY ?? 0), width: rect.width, height: rect.height };
}

/** Looks each selector up once: thousands of clicks are mostly on a few dozen elements. */
export function boxFinder(doc: Document | null): (selector: string) => Box | null {
  const cache = new Map<string, Box | null>();
  return (selector) => {
    if (!doc) return null;
    if (!cache.has(selector)) cache.set(selector, elementBox(doc, selector));
    return cache.get(selector) ?? null;
  };
}

/** Places clicks on their elements; `shownWidth` is the rebuilt document's width, for the x/y fallback. */
export function placeClicks(points: readonly (Omit<ClickPoint, 'weight'> & { weight?: number })[], findBox: (selector: string) => Box | null, shownWidth: number): PlacedClick[] {
  return points.map((p) => {
    const box = findBox(p.selector);
    const { selector, rage, dead } = p;
    const weight = p.weight ?? 1;
    if (box) {
      return { x: box.left + (box.width * p.offsetX) / 100, y: box.top + (box.height * p.offsetY) / 100, selector, rage, dead, onElement: true, weight };
    }
    const k = p.docWidth > 0 ? shownWidth / p.docWidth : 1;
    return { x: p.x * k, y: p.y * k, selector, rage, dead, onElement: false, weight };
  });
}
