// When playback reaches a survey answer, a card over the replay shows the score and
// comment for a few seconds: the researcher sees what the visitor said while seeing
// what they were doing.
import type { SessionDetail } from '../../../contract/schemas/index.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { KIND_LABEL, scoreTone } from '../../ui/survey-format.ts';
import { t } from '../../i18n/translate.ts';

type Answer = SessionDetail['surveyAnswers'][number];

/** How long a card stays up, in replay time. */
export const CARD_MS = 4000;

/** The answer whose card belongs on screen at `offsetMs` (the latest one begun within CARD_MS), if any. */
export function answerAt(answers: readonly Answer[], start: number, offsetMs: number): Answer | undefined {
  let found: Answer | undefined;
  for (const a of answers) {
    const at = a.ts - start;
    if (at <= offsetMs && offsetMs < at + CARD_MS) found = a;
  }
  return found;
}

export function answerOverlay(stage: HTMLElement, answers: readonly Answer[], start: number): { setTime(offsetMs: number): void } {
  const card = h('div', { class: 'answer-card', role: 'status', 'data-testid': 'answer-card', hidden: true });
  stage.append(card);
  let shown: string | undefined;
  return {
    setTime(offsetMs) {
      const a = answerAt(answers, start, offsetMs);
      if (a?.id === shown) return;
      shown = a?.id;
      card.hidden = !a;
      if (!a) return;
      card.className = `answer-card answer-card--${scoreTone(a.kind, a.score)}`;
      replaceChildren(card,
        h('p', { class: 'hint' }, t('replay.answer.kind', { kind: KIND_LABEL[a.kind] })),
        h('p', { class: 'answer-card__score' }, a.score),
        a.comment ? h('p', { class: 'answer-card__comment' }, t('replay.answer.comment', { comment: a.comment })) : null);
    },
  };
}
