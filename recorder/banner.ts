// The built-in consent banner (data-consent="banner"): small, keyboard operable,
// labelled for screen readers, and inside a shadow root so the page's CSS cannot
// reach it and its CSS cannot reach the page.
const TEXT = {
  en: ['May we record your visit?', 'It helps us improve this site. What you type and personal data are masked in your browser. You can withdraw at any time.', 'Accept', 'Decline'],
  de: ['Dürfen wir Ihren Besuch aufzeichnen?', 'Das hilft uns, die Seite zu verbessern. Eingaben und persönliche Daten werden in Ihrem Browser maskiert. Widerruf jederzeit möglich.', 'Akzeptieren', 'Ablehnen'],
};

const CSS =
  'div{position:fixed;z-index:2147483647;left:16px;right:16px;bottom:16px;max-width:420px;margin:auto;padding:16px;background:#fff;color:#123;border-radius:8px;box-shadow:0 4px 24px #0005;font:14px/1.4 system-ui,sans-serif}' +
  'h2{font-size:15px;margin:0 0 6px}p{margin:0 0 12px}button{font:inherit;padding:6px 14px;border-radius:6px;border:1px solid #14d;margin-right:8px;background:#fff;color:#14d}' +
  '#a{background:#14d;color:#fff}button:focus-visible{outline:3px solid #f90;outline-offset:2px}';

/** Shows the banner; returns the function that removes it. */
export function showBanner(lang: 'en' | 'de', onAccept: () => void, onDecline: () => void): () => void {
  const [title, body, accept, decline] = TEXT[lang];
  const host = document.createElement('einblick-consent');
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    `<style>${CSS}</style><div role="dialog" aria-modal="false" aria-labelledby="t" aria-describedby="b">` +
    `<h2 id="t">${title}</h2><p id="b">${body}</p><button id="a" type="button">${accept}</button><button id="d" type="button">${decline}</button></div>`;
  const remove = () => host.remove();
  root.getElementById('a')!.onclick = () => { remove(); onAccept(); };
  root.getElementById('d')!.onclick = () => { remove(); onDecline(); };
  // Never part of a replay: the recorder blocks it like any data-einblick-block element.
  host.setAttribute('data-einblick-block', '');
  (document.body ?? document.documentElement).appendChild(host);
  return remove;
}
