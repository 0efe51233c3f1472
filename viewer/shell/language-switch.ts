// The language select in the header (and on the sign-in page). Each language is
// named in its own words and marked with its lang, so a screen reader says
// "Deutsch" in German; choosing one saves it and main.ts re-renders the page.
import { chooseLocale, currentLocale, LOCALE_NAMES, LOCALES } from '../i18n/locale.ts';
import { t } from '../i18n/translate.ts';
import { h } from '../ui/dom.ts';

export const LANGUAGE_SWITCH_ID = 'language';

export function languageSwitch(): HTMLElement {
  const select = h(
    'select',
    { id: LANGUAGE_SWITCH_ID, class: 'language-switch__select' },
    LOCALES.map((locale) => h('option', { value: locale, lang: locale, selected: locale === currentLocale() }, LOCALE_NAMES[locale])),
  );
  select.addEventListener('change', () => {
    const chosen = LOCALES.find((locale) => locale === select.value);
    if (chosen) chooseLocale(chosen);
  });
  return h('div', { class: 'language-switch' }, h('label', { for: LANGUAGE_SWITCH_ID, class: 'visually-hidden' }, t('shell.language')), select);
}
