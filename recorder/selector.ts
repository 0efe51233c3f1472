// A short, stable CSS selector for a clicked element, so a heatmap can find "the Pay
// button" again in a snapshot of any width. Ids and classes that look generated
// (digits, hashes) are skipped because they change between builds and renders.
import { scrubPersonalData } from './privacy.ts';

const STABLE_NAME = /^[A-Za-z][\w-]{0,40}$/;
const looksGenerated = (name: string) => /\d{3,}|[a-z]+[A-Z0-9][a-z0-9]*[A-Z0-9]|^css-|^sc-|^jsx-/.test(name);

const usable = (name: string) => STABLE_NAME.test(name) && !looksGenerated(name);

function part(el: Element): string {
  const tag = el.tagName.toLowerCase();
  if (el.id && usable(el.id)) return `${tag}#${CSS.escape(el.id)}`;
  const testId = el.getAttribute('data-testid') ?? el.getAttribute('data-einblick-id');
  if (testId && testId.length <= 60) return `${tag}[${el.hasAttribute('data-testid') ? 'data-testid' : 'data-einblick-id'}="${CSS.escape(testId)}"]`;
  const classes = [...el.classList].filter(usable).slice(0, 2).map((c) => '.' + CSS.escape(c)).join('');
  let nth = '';
  const parent = el.parentElement;
  if (parent) {
    const same = [...parent.children].filter((c) => c.tagName === el.tagName);
    if (same.length > 1) nth = `:nth-of-type(${same.indexOf(el) + 1})`;
  }
  return tag + classes + nth;
}

export function selectorOf(target: Element): string {
  const parts: string[] = [];
  for (let el: Element | null = target; el && el !== document.documentElement && parts.length < 6; el = el.parentElement) {
    const p = part(el);
    parts.unshift(p);
    if (p.includes('#') || p.includes('[data-')) break;
  }
  // The root itself (a click below a short body) has no parts: it is named, not left blank.
  if (!parts.length) parts.push(target.tagName.toLowerCase());
  return scrubPersonalData(parts.join(' > ')).slice(0, 512);
}
