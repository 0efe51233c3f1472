// einblick-survey.js: the survey widget, loaded by the survey runner only when a survey is
// due. A small card in the corner, inside a shadow root (the page's CSS cannot reach it, its
// CSS cannot reach the page), operable by keyboard, labelled for screen readers, and blocked
// from the recording: the answer reaches the replay as a custom event, not as page content.
import { newId } from '../identity.ts';
import { writeCap } from './caps.ts';
import { inLang, scaleOf, scoreIndexAfterKey, widgetText } from './scale.ts';
import { createSurveySender } from './send.ts';
import { WIDGET_GLOBAL, WIDGET_TAG, type ShowSurvey } from './types.ts';

const THANKS_MS = 3000;

const CSS =
  // The page's styles still reach the host element itself, and inherited ones (font, color) would
  // flow in from it: reset them all. Inside a shadow tree, !important beats the page's !important.
  ':host{all:initial!important}' +
  '.card{position:fixed;z-index:2147483647;right:16px;bottom:16px;box-sizing:border-box;width:min(23em,calc(100vw - 32px));padding:14px 16px;' +
  'background:#fff;color:#123;border-radius:8px;box-shadow:0 4px 24px #0004;font:14px/1.4 system-ui,sans-serif;text-align:left}' +
  '.card:focus{outline:none}p,label{display:block;margin:0 28px 10px 0;font-weight:600}' +
  'button,textarea{font:inherit;color:inherit;margin:0;box-sizing:border-box;border:1px solid #14d;border-radius:6px;background:#fff}' +
  'button{color:#14d;padding:6px 14px;cursor:pointer}button:disabled{opacity:.45;cursor:default}' +
  '.x{position:absolute;top:6px;right:6px;padding:2px 8px;border:0;font-size:18px;line-height:1}' +
  '[role=radiogroup]{display:flex;gap:3px}[role=radio]{flex:1;min-width:0;padding:6px 0}' +
  '[aria-checked=true],.send{background:#14d;color:#fff}' +
  '.ends{display:flex;justify-content:space-between;gap:8px;font-size:12px;color:#456;margin:4px 0 10px}.ends :last-child{text-align:right}' +
  'textarea{display:block;width:100%;min-height:4.5em;padding:6px;margin-bottom:10px;border-color:#789;resize:vertical}' +
  '.skip{margin-left:8px}.thanks{margin:0;font-weight:400}' +
  ':focus-visible{outline:3px solid #f90;outline-offset:1px}';

const show: ShowSurvey = ({ survey, config, visitor, session, url, mark }, onClose) => {
  const t = widgetText(config.lang);
  const { scores, low, high } = scaleOf(survey.kind, config.lang);
  const sender = createSurveySender(config.endpoint);
  const about = { site: config.site, survey: survey.id, visitor, session, url };
  const answerId = newId();
  /** Choosing a score, then (when the survey has a prompt) writing a comment, then thanked. */
  let step: 'score' | 'comment' | 'thanks' = 'score';
  /** The chosen score and its moment, until it is sent (after the comment step, if there is one). */
  let answer: { score: number; ts: number } | undefined;
  let closed = false;
  let thanksTimer = 0;
  /** Where the visitor's focus was: it goes back there when the card closes. */
  const previous = document.activeElement;

  const host = document.createElement(WIDGET_TAG);
  // Never part of a replay: the recorder blocks it like any data-einblick-block element.
  host.dataset.einblickBlock = '';
  const root = host.attachShadow({ mode: 'open' });
  const radio = (score: number, i: number) => {
    const meaning = i === 0 ? low : i === scores.length - 1 ? high : '';
    return `<button type=button role=radio aria-checked=false tabindex=${i ? -1 : 0}${meaning ? ` aria-label="${score}, ${meaning}"` : ''}>${score}</button>`;
  };
  root.innerHTML =
    `<style>${CSS}</style><div class=card role=dialog aria-labelledby=q tabindex=-1 lang=${config.lang}>` +
    `<p id=q></p><form><div role=radiogroup aria-labelledby=q>${scores.map(radio).join('')}</div>` +
    `<div class=ends aria-hidden=true><span>${low}</span><span>${high}</span></div><button class=send disabled>${t.send}</button></form>` +
    `<p class=thanks aria-live=polite></p><button type=button class=x aria-label="${t.close}">×</button></div>`;
  const $ = <E extends Element>(selector: string) => root.querySelector(selector) as E;
  const card = $<HTMLElement>('.card');
  const form = $<HTMLFormElement>('form');
  const radios = [...root.querySelectorAll<HTMLButtonElement>('[role=radio]')];
  $('#q').textContent = inLang(survey.question, config.lang);

  /** Sends the answer once, with the comment if one was written. */
  const send = (comment?: string) => {
    if (!answer) return;
    sender.post('answer', { ...about, id: answerId, ...answer, ...(comment ? { comment } : {}), viewportWidth: innerWidth }, true);
    answer = undefined;
  };
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(thanksTimer);
    removeEventListener('pagehide', onPageHide);
    // Focus inside the card would fall to <body>: give it back to where the visitor was.
    const hadFocus = root.activeElement !== null || document.activeElement === host;
    host.remove();
    if (hadFocus && previous instanceof HTMLElement && previous.isConnected) previous.focus({ preventScroll: true });
    onClose();
  };
  const thank = () => {
    step = 'thanks';
    form.remove();
    $('.thanks').textContent = t.thanks;
    card.focus({ preventScroll: true });
    thanksTimer = window.setTimeout(close, THANKS_MS);
  };
  /** × and Escape: before a score, a dismissal; after it, the answer goes without a comment. */
  const leave = () => {
    if (step === 'score') {
      writeCap(survey.id);
      sender.post('answer', { ...about, id: answerId, dismissed: true, ts: Date.now(), viewportWidth: innerWidth }, true);
    }
    send();
    close();
  };
  // The page goes away during the comment step: the score is kept, the unsent comment is not.
  const onPageHide = () => send();
  addEventListener('pagehide', onPageHide);

  const choose = (i: number) => {
    radios.forEach((r, j) => {
      r.setAttribute('aria-checked', String(i === j));
      r.tabIndex = i === j ? 0 : -1;
    });
    radios[i]?.focus({ preventScroll: true });
    $<HTMLButtonElement>('.send').disabled = false;
  };
  root.addEventListener('click', (e) => {
    const target = (e.target as Element).closest('button');
    if (!target) return;
    if (target.classList.contains('x')) leave();
    else if (target.classList.contains('skip')) {
      send();
      thank();
    } else if (target.getAttribute('role') === 'radio') choose(radios.indexOf(target));
  });
  root.addEventListener('keydown', (e) => {
    const key = (e as KeyboardEvent).key;
    if (key === 'Escape') return leave();
    const i = radios.indexOf(e.target as HTMLButtonElement);
    const next = i < 0 ? undefined : scoreIndexAfterKey(key, i, radios.length);
    if (next === undefined) return;
    e.preventDefault();
    choose(next);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (step === 'comment') {
      send(form.querySelector('textarea')?.value.trim().slice(0, 2000));
      return thank();
    }
    const i = radios.findIndex((r) => r.getAttribute('aria-checked') === 'true');
    const score = scores[i];
    if (score === undefined) return;
    answer = { score, ts: Date.now() };
    writeCap(survey.id);
    mark?.({ survey: survey.id, answer: answerId, kind: survey.kind, score });
    if (!survey.comment) {
      send();
      return thank();
    }
    step = 'comment';
    form.innerHTML = `<label for=c id=cq></label><textarea id=c maxlength=2000></textarea><button class=send>${t.send}</button><button type=button class=skip>${t.skip}</button>`;
    $('#cq').textContent = inLang(survey.comment, config.lang);
    card.setAttribute('aria-labelledby', 'cq');
    $<HTMLElement>('#c').focus({ preventScroll: true });
  });

  (document.body ?? document.documentElement).appendChild(host);
  sender.post('shown', { ...about, ts: Date.now(), viewportWidth: innerWidth });
  // Into the card without scrolling, unless the visitor is busy in a field of the page.
  const busy = previous instanceof HTMLInputElement || previous instanceof HTMLTextAreaElement || previous instanceof HTMLSelectElement || (previous as HTMLElement | null)?.isContentEditable;
  if (!busy) card.focus({ preventScroll: true });

  return () => {
    sender.stop();
    close();
  };
};

(window as unknown as Record<string, ((show: ShowSurvey) => void) | undefined>)[WIDGET_GLOBAL]?.(show);
