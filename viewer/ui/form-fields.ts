// The labelled controls the viewer's filter forms are made of.
import type { Survey } from '../../contract/schemas/index.ts';
import { h } from './dom.ts';
import { surveyOptionLabel } from './survey-format.ts';

export function field(label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

export function option(value: string, label: string, selected: string): HTMLOptionElement {
  return h('option', { value, selected: value === selected }, label);
}

/** A survey in a select: its question cut at a word, never mid-word, whole in the title. */
export function surveyOption(s: Pick<Survey, 'id' | 'kind' | 'question'>, selected: string): HTMLOptionElement {
  const o = option(s.id, surveyOptionLabel(s), selected);
  o.title = s.question.en;
  return o;
}
