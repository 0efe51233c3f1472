// A researcher's correction of how a comment reads and what it is about, in the answer's
// row: the server keeps it and learns from it for the site's later answers.
import type { AnswerCorrected, AnswerRow } from '../../../contract/schemas/index.ts';
import { COMMENT_THEMES, SENTIMENTS } from '../../../contract/comment-labels.ts';
import { correctAnswer } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { option } from '../../ui/form-fields.ts';
import { messageOf } from '../../ui/notice.ts';
import { sentimentLabel, themeLabel } from '../../ui/survey-format.ts';
import { t } from '../../i18n/translate.ts';

export function correctionControl(a: AnswerRow, onCorrected: (c: AnswerCorrected) => void): HTMLElement {
  const sentimentId = `correct-sentiment-${a.id}`;
  const sentiment = h('select', { id: sentimentId, name: 'sentiment' }, SENTIMENTS.map((s) => option(s, sentimentLabel(s), a.sentiment ?? '')));
  const boxes = COMMENT_THEMES.map((theme) => h('input', { type: 'checkbox', name: 'themes', value: theme, id: `correct-${theme}-${a.id}`, checked: a.themes.includes(theme) }));
  const error = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'button button--primary' }, t('surveys.save'));
  const details = h('details', { class: 'correction' });
  const form = h(
    'form',
    { class: 'correction__form', 'aria-label': t('surveys.correct.form') },
    h('div', { class: 'field' }, h('label', { for: sentimentId }, t('surveys.correct.sentiment')), sentiment),
    h('fieldset', { class: 'correction__themes' }, h('legend', null, t('surveys.correct.themes')),
      boxes.map((box) => h('label', { class: 'correction__theme', for: box.id }, box, ' ', themeLabel(box.value as AnswerRow['themes'][number])))),
    error,
    save,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    error.textContent = '';
    try {
      const themes = boxes.filter((b) => b.checked).map((b) => b.value) as AnswerCorrected['themes'];
      onCorrected(await correctAnswer(a.id, { sentiment: sentiment.value as AnswerCorrected['sentiment'], themes }));
      details.open = false;
    } catch (err) {
      error.textContent = messageOf(err);
    } finally {
      save.disabled = false;
    }
  });
  details.append(h('summary', { class: 'button button--quiet' }, t('surveys.correct')), form);
  return details;
}
