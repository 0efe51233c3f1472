// Which attributes a replay needs to draw and style a page. In strict mode only these
// keep their values; every other attribute (data-*, title, alt, aria-label, a custom
// element's props...) is masked like text, since any of them may carry a sentence,
// a name or a user id. The list is explicit so that keeping one more is a decision.

/** Attributes that hold URLs: never masked like text, but cut by the URL rules. */
export const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'data', 'background', 'ping', 'xlink:href', 'srcset']);

/** URL attributes that say where a link or form leads, not what to draw. */
export const TARGET_ATTRIBUTES = new Set(['action', 'formaction', 'cite', 'ping']);
/** Elements whose href is a link target (a <link> or <use> href is a resource). */
export const LINK_ELEMENTS = new Set(['a', 'area']);

/** Attributes that show text to people: masked like text in strict mode. Also read by the privacy preview. */
export const TEXT_ATTRIBUTES = new Set(['title', 'alt', 'placeholder', 'aria-label', 'aria-description', 'aria-valuetext', 'aria-roledescription', 'label', 'value', 'summary']);

const DRAWING = [
  // rrweb's own bookkeeping (sizes of blocked elements, inlined CSS, media state, scroll)
  'rr_width', 'rr_height', '_cssText', 'rr_dataURL', 'rr_mediaState', 'rr_mediaCurrentTime', 'rr_mediaPlaybackRate',
  'rr_mediaMuted', 'rr_mediaLoop', 'rr_mediaVolume', 'rr_scrollLeft', 'rr_scrollTop', 'rr_open_mode',
  // CSS hooks and layout
  'class', 'id', 'style', 'type', 'rel', 'media', 'sizes', 'as', 'charset', 'crossorigin', 'width', 'height', 'dir', 'lang',
  'hidden', 'disabled', 'checked', 'selected', 'readonly', 'required', 'multiple', 'open', 'colspan', 'rowspan', 'span',
  'cols', 'rows', 'size', 'start', 'reversed', 'scope', 'align', 'valign', 'border', 'cellpadding', 'cellspacing',
  'bgcolor', 'color', 'face', 'frameborder', 'loading', 'decoding', 'controls', 'loop', 'muted', 'autoplay', 'playsinline',
  'preload', 'role', 'tabindex', 'draggable', 'contenteditable', 'spellcheck', 'inert', 'popover', 'slot', 'part',
  // Developer-chosen names, like id: click selectors (selector.ts) find elements in the snapshot by it
  'data-testid',
];
/** Kept as they are in strict mode: needed to draw or style the page, and never text for people. */
export const DRAWING_ATTRIBUTES = new Set(DRAWING);

/**
 * Words of UI state that CSS selects on (`[data-state=open]`, `[aria-expanded=true]`).
 * A data-* or aria-* value that is one of them is kept in strict mode; any other is
 * masked, so `data-user="jdoe"` goes while `data-state="open"` still styles the replay.
 */
const STATE_WORDS = new Set([
  'true', 'false', 'mixed', 'on', 'off', 'yes', 'no', 'none', 'auto', 'open', 'closed', 'active', 'inactive', 'checked',
  'unchecked', 'indeterminate', 'selected', 'unselected', 'expanded', 'collapsed', 'visible', 'hidden', 'enabled',
  'disabled', 'loading', 'loaded', 'error', 'success', 'pending', 'idle', 'horizontal', 'vertical', 'top', 'bottom',
  'left', 'right', 'start', 'end', 'center', 'page', 'step', 'location', 'date', 'time', 'ascending', 'descending',
  'other', 'polite', 'assertive', 'light', 'dark', 'delayed-open', 'instant-open', 'sm', 'md', 'lg', 'xl', 'small',
  'medium', 'large', 'primary', 'secondary', 'default', 'entering', 'entered', 'exiting', 'exited',
]);

/**
 * Strict mode: whether an attribute that is no URL keeps its value as it is. `svg`: the
 * element is an <svg> or inside one (rrweb's isSVG), whose attributes are geometry and
 * presentation (d, fill, stroke-width, font-size... too many to list); its words are text nodes.
 */
export function keepsValueInStrict(name: string, value: string, svg: boolean): boolean {
  if (DRAWING_ATTRIBUTES.has(name)) return true;
  // Einblick's own markers (data-einblick-mask...) say nothing about the visitor.
  if (name.startsWith('data-einblick-')) return true;
  if (name.startsWith('data-') || name.startsWith('aria-')) return !TEXT_ATTRIBUTES.has(name) && STATE_WORDS.has(value.trim().toLowerCase());
  return svg && !TEXT_ATTRIBUTES.has(name);
}
