// The built-in consent banner (data-consent="banner"): small, keyboard operable,
// labelled for screen readers, and inside a shadow root so the page's CSS cannot
// reach it and its CSS cannot reach the page.
import { BANNER_TEXT, type BannerLang } from '../contract/banner-text.ts';

const CSS =
  'div{position:fixed;z-index:2147483647;left:1em;right:1em;bottom:1em;max-width:26em;margin:auto;padding:1em;background:#fff;color:#123;border-radius:6px;box-shadow:0 4px 24px #0005;font:14px/1.4 system-ui}' +
  'h2{font-size:1.1em;margin:0 0 .4em}button{font:inherit;padding:.4em 1em;margin-right:.5em;border:1px solid #14d;border-radius:6px;background:#fff;color:#14d}' +
  '[value=a]{background:#14d;color:#fff}:focus-visible{outline:3px solid #f90}';

/** Shows the banner; returns the function that removes it. */
export function showBanner(lang: BannerLang, onAccept: () => void, onDecline: () => void): () => void {
  const [title, body, accept, decline] = BANNER_TEXT[lang];
  const host = document.createElement('einblick-consent');
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = `<style>${CSS}</style><div role=dialog aria-labelledby=t><h2 id=t>${title}</h2><p>${body}<p><button value=a>${accept}</button><button>${decline}</button></div>`;
  const remove = () => host.remove();
  root.addEventListener('click', (e) => {
    const button = e.target as HTMLButtonElement;
    if (button.tagName !== 'BUTTON') return;
    remove();
    (button.value ? onAccept : onDecline)();
  });
  // Never part of a replay: the recorder blocks it like any data-einblick-block element.
  host.dataset.einblickBlock = '';
  // A stub included without defer may run before <body> exists; <html> holds the banner just as well.
  (document.body ?? document.documentElement).appendChild(host);
  return remove;
}
