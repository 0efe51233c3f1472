// Strict mode records an image no data-einblick-unmask marks when the site declares its
// address safe (data-safe-images, contract/safe-images.ts). Two tests, both cheap: rrweb's
// block selector leaves out images whose written src starts with a declared prefix (a
// text test, so `/icons/../avatars/x.png` passes it), and the sanitizer then checks the
// absolute address rrweb recorded by origin and whole path segments; an image that fails
// it becomes the same-size box a blocked image is.
import { parseSafeImagePrefix, safeImageMatcher, MAX_SAFE_IMAGES } from '../contract/safe-images.ts';
import type { ImageRules } from './sanitize.ts';

const IMAGE = ':is(img, input[type=image])';
/** An element whose image data-einblick-unmask marks safe (the block selector's own rule, inverted). */
const MARKED = '[data-einblick-unmask], [data-einblick-unmask] *';
const MASKED = '[data-einblick-mask], [data-einblick-mask] *';

/** The declared prefixes of `data-safe-images` (space-separated); invalid ones are left out. */
export const parseSafeImages = (text: string | undefined): string[] =>
  (text ?? '').split(/\s+/).filter((p) => parseSafeImagePrefix(p) !== null).slice(0, MAX_SAFE_IMAGES);

/** Images the block selector leaves out for their src, as written or as an absolute URL on `origin`; '' for none. */
export function safeImageSelector(prefixes: readonly string[], origin: string): string {
  const starts = prefixes.flatMap((text) => {
    const p = parseSafeImagePrefix(text)!;
    // Validated prefixes hold no quote or backslash: safe inside a CSS string.
    return p.origin ? [`[src^="${p.origin}${p.path}"]`] : [`[src^="${p.path}"]`, `[src^="${origin}${p.path}"]`];
  });
  return starts.length ? `${IMAGE}:is(${starts.join(', ')})` : '';
}

/** The sanitizer's second test, over the DOM the recorder's mirror knows. */
export function safeImageRules(prefixes: readonly string[], origin: string, elementOf: (id: number) => Element | null): ImageRules {
  const safe = safeImageMatcher(prefixes, [origin]);
  return {
    safe,
    marked(id) {
      const el = elementOf(id);
      return !!el && el.matches(MARKED) && !el.matches(MASKED);
    },
    size(id) {
      const r = elementOf(id)?.getBoundingClientRect();
      return r ? { width: r.width, height: r.height } : null;
    },
  };
}
