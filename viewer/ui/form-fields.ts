// The labelled controls the viewer's filter forms are made of.
import { h } from './dom.ts';

export function field(label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

export function option(value: string, label: string, selected: string): HTMLOptionElement {
  return h('option', { value, selected: value === selected }, label);
}
