// The admin's form for a new survey: kind, question (en/de), optional comment prompt,
// trigger, frequency cap and sample. The server validates; its message is shown as is.
import type { SiteSummary, Survey, SurveyKind } from '../../../contract/schemas/index.ts';
import { createSurvey, type SurveyDraft } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { field, option } from '../../ui/form-fields.ts';
import { messageOf } from '../../ui/notice.ts';
import { KIND_LABEL, KIND_SCALE } from '../../ui/survey-format.ts';
import { t } from '../../i18n/translate.ts';

const KINDS: SurveyKind[] = ['nps', 'csat', 'ces'];
// What visitors are asked, in each language the survey speaks: the survey's words, not the viewer's (so not in t()).
const DEFAULT_QUESTION: Record<SurveyKind, { en: string; de: string }> = {
  nps: { en: 'How likely are you to recommend us to a friend or colleague?', de: 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?' },
  csat: { en: 'How satisfied are you with this page?', de: 'Wie zufrieden sind Sie mit dieser Seite?' },
  ces: { en: 'How easy was it to get what you came for?', de: 'Wie einfach war es, das zu erledigen, wofür Sie gekommen sind?' },
};

const text = (id: string, value = '', extra: Record<string, string | number> = {}) => h('input', { id, name: id, type: 'text', value, maxlength: 300, ...extra });
const optionalText = (input: HTMLInputElement): string | undefined => input.value.trim() || undefined;

export function surveyForm(sites: SiteSummary[], selectedSite: string, onCreated: (survey: Survey) => void): HTMLElement {
  const site = h('select', { id: 's-site', name: 'site', required: true }, sites.map((s) => option(s.key, s.name === s.key ? s.key : `${s.name} (${s.key})`, selectedSite || sites[0]?.key || '')));
  const kind = h('select', { id: 's-kind', name: 'kind' }, KINDS.map((k) => option(k, `${KIND_LABEL[k]} (${KIND_SCALE[k]})`, 'nps')));
  const questionEn = text('s-question-en', DEFAULT_QUESTION.nps.en, { required: 'required' });
  const questionDe = text('s-question-de', DEFAULT_QUESTION.nps.de);
  const commentEn = text('s-comment-en', '', { placeholder: 'What is the main reason for your score?' });
  const commentDe = text('s-comment-de', '', { placeholder: 'Was ist der wichtigste Grund für Ihre Bewertung?' });
  const urlContains = text('s-url', '', { placeholder: '/checkout', maxlength: 512 });
  const afterSeconds = h('input', { id: 's-after', name: 'afterSeconds', type: 'number', min: 0, max: 86400, step: 1, inputmode: 'numeric', placeholder: '0' });
  const onEvent = text('s-event', '', { placeholder: 'checkout-done', maxlength: 100 });
  const exitIntent = h('input', { id: 's-exit', name: 'exitIntent', type: 'checkbox' });
  const capDays = h('input', { id: 's-cap', name: 'capDays', type: 'number', min: 0, max: 3650, step: 1, value: 30, inputmode: 'numeric' });
  const samplePercent = h('input', { id: 's-sample', name: 'sample', type: 'number', min: 0, max: 100, step: 1, value: 100, inputmode: 'numeric' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('surveys.form.create'));

  // The default question follows the kind until the admin edits it.
  kind.addEventListener('change', () => {
    for (const [input, lang] of [[questionEn, 'en'], [questionDe, 'de']] as const) {
      if (KINDS.some((k) => DEFAULT_QUESTION[k][lang] === input.value)) input.value = DEFAULT_QUESTION[kind.value as SurveyKind][lang];
    }
  });

  const form = h(
    'form',
    { class: 'survey-form', 'aria-label': t('surveys.form') },
    h('div', { class: 'survey-form__row' }, field(t('surveys.form.site'), site), field(t('surveys.form.kind'), kind)),
    h('div', { class: 'survey-form__row' }, field(t('surveys.form.questionEn'), questionEn), field(t('surveys.form.questionDe'), questionDe)),
    h('div', { class: 'survey-form__row' }, field(t('surveys.form.commentEn'), commentEn), field(t('surveys.form.commentDe'), commentDe)),
    h('fieldset', { class: 'survey-form__trigger' }, h('legend', null, t('surveys.form.trigger')),
      h('div', { class: 'survey-form__row' }, field(t('surveys.form.urlContains'), urlContains), field(t('surveys.form.afterSeconds'), afterSeconds), field(t('surveys.form.onEvent'), onEvent)),
      h('div', { class: 'checkbox-field' }, exitIntent, h('label', { for: exitIntent.id }, t('surveys.form.exitIntent')))),
    h('div', { class: 'survey-form__row' }, field(t('surveys.form.capDays'), capDays), field(t('surveys.form.sample'), samplePercent)),
    error,
    h('div', { class: 'filters__actions' }, submit),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const seconds = Number(afterSeconds.value);
    const comment = optionalText(commentEn);
    const draft: SurveyDraft = {
      site: site.value,
      kind: kind.value as SurveyKind,
      question: { en: questionEn.value.trim(), ...(optionalText(questionDe) ? { de: questionDe.value.trim() } : {}) },
      ...(comment ? { comment: { en: comment, ...(optionalText(commentDe) ? { de: commentDe.value.trim() } : {}) } } : {}),
      trigger: {
        ...(optionalText(urlContains) ? { urlContains: urlContains.value.trim() } : {}),
        ...(afterSeconds.value && seconds > 0 ? { afterSeconds: Math.round(seconds) } : {}),
        ...(optionalText(onEvent) ? { onEvent: onEvent.value.trim() } : {}),
        ...(exitIntent.checked ? { exitIntent: true } : {}),
      },
      capDays: Math.round(Number(capDays.value || 0)),
      sample: Math.min(100, Math.max(0, Number(samplePercent.value || 0))) / 100,
    };
    submit.disabled = true;
    try {
      onCreated(await createSurvey(draft));
    } catch (err) {
      error.textContent = messageOf(err);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
