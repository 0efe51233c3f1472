// A researcher's correction of how a comment reads and what it is about, in the answer's
// row: the server keeps it and learns from it for the site's later answers.
import type { AnswerCorrected, AnswerRow } from '../../../contract/schemas/index.ts';
import { COMMENT_THEMES, SENTIMENTS } from '../../../contract/comment-labels.ts';
import { correctAnswer } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { option } from '../../ui/form-fields.ts';
import { messageOf } from '../../ui/notice.ts';
import { SENTIMENT_LABEL, THEME_LABEL } from '../../ui/survey-format.ts';

export function correctionControl(a: AnswerRow, onCorrected: (c: AnswerCorrected) => void): HTMLElement {
  const sentimentId = `correct-sentiment-${a.id}`;
  const sentiment = h('select', { id: sentimentId, name: 'sentiment' }, SENTIMENTS.map((s) => option(s, SENTIMENT_LABEL[s], a.sentiment ?? '')));
  const boxes = COMMENT_THEMES.map((t) => h('input', { type: 'checkbox', name: 'themes', value: t, id: `correct-${t}-${a.id}`, checked: a.themes.includes(t) }));
  const error = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'button button--primary' }, 'Save');
  const details = h('details', { class: 'correction' });
  const form = h(
    'form',
    { class: 'correction__form', 'aria-label': 'Correct this answer' },
    h('div', { class: 'field' }, h('label', { for: sentimentId }, 'Sentiment'), sentiment),
    h('fieldset', { class: 'correction__themes' }, h('legend', null, 'Themes'),
      boxes.map((box) => h('label', { class: 'correction__theme', for: box.id }, box, ' ', THEME_LABEL[box.value as keyof typeof THEME_LABEL]))),
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
  details.append(h('summary', { class: 'button button--quiet' }, 'Correct'), form);
  return details;
}
