// The viewer's languages: every English message has a German one with the same
// placeholders, plurals follow Intl.PluralRules, and dates and numbers follow the locale.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUES, PARTS } from '../../viewer/i18n/messages.ts';
import { placeholdersOf } from '../../viewer/i18n/message-format.ts';
import { intlLocaleFor, pickLocale, setLocale } from '../../viewer/i18n/locale.ts';
import { t, tNodes } from '../../viewer/i18n/translate.ts';
import { formatDateTime, formatInstant, formatNumber, formatShare } from '../../viewer/ui/format.ts';
import { describeTrigger, formatSurveyScore, KIND_SCALE } from '../../viewer/ui/survey-format.ts';
import { leakFix } from '../../viewer/pages/leaks/leak-advice.ts';

afterEach(() => setLocale('en', []));

const placeholders = (m: Parameters<typeof placeholdersOf>[0]) => [...placeholdersOf(m)].sort();

test('every key has a non-empty German text with the same {placeholders} as English', () => {
  const { en, de } = CATALOGUES;
  assert.ok(Object.keys(en).length > 100, 'the catalogue is loaded');
  assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort(), 'the same keys');
  for (const [key, english] of Object.entries(en)) {
    const german = de[key as keyof typeof de];
    const texts = typeof german === 'string' ? [german] : Object.values(german);
    for (const text of texts) assert.ok(text.trim().length > 0, `${key}: German text is empty`);
    assert.equal(typeof german, typeof english, `${key}: a plural in one language is a plural in the other`);
    assert.deepEqual(placeholders(german), placeholders(english), `${key}: the same placeholders`);
  }
});

test('no two parts of the catalogue define the same key', () => {
  const seen = new Map<string, string>();
  for (const [part, { en }] of Object.entries(PARTS)) {
    for (const key of Object.keys(en)) {
      assert.equal(seen.get(key), undefined, `${key} is in ${part} and ${seen.get(key)}`);
      seen.set(key, part);
    }
  }
});

test('the language: saved choice, then the browser’s languages (de-AT → de), then English', () => {
  assert.equal(pickLocale(null, ['de-DE', 'en']), 'de');
  assert.equal(pickLocale(null, ['fr-FR', 'de-AT']), 'de', 'the first language we have');
  assert.equal(pickLocale(null, ['en-GB', 'de']), 'en');
  assert.equal(pickLocale(null, ['fr', 'it']), 'en');
  assert.equal(pickLocale(null, []), 'en');
  assert.equal(pickLocale('en', ['de-DE']), 'en', 'a saved choice wins');
  assert.equal(pickLocale('xx', ['de-DE']), 'de', 'a saved value we do not have is ignored');
  assert.equal(intlLocaleFor('de', ['de-AT', 'en']), 'de-AT', 'dates in the browser’s own variant');
  assert.equal(intlLocaleFor('en', ['de-DE']), 'en');
});

test('plurals and numbers follow the locale', () => {
  assert.equal(t('audit.entries', { count: 1 }), '1 entry');
  assert.equal(t('audit.entries', { count: 10_000 }), '10,000 entries');
  setLocale('de', ['de-DE']);
  assert.equal(t('audit.entries', { count: 1 }), '1 Eintrag');
  assert.equal(t('audit.entries', { count: 0 }), '0 Einträge');
  assert.equal(t('audit.entries', { count: 10_000 }), '10.000 Einträge');
  assert.equal(t('audit.older', { limit: 10_000 }), 'Ältere Einträge werden nicht angezeigt: Grenzen Sie den Zeitraum ein oder laden Sie die CSV-Datei herunter (bis zu 10.000 Einträge).');
});

test('a placeholder can hold an element, placed where the translation puts it', () => {
  setLocale('de', ['de-DE']);
  const code = { element: 'code' } as unknown as Node;
  assert.deepEqual(tNodes('privacy.eraseQuestion', { id: code }), ['Besucher ', code, ' endgültig löschen?']);
});

test('dates, shares and survey scores in German', () => {
  const at = Date.UTC(2026, 11, 2, 14, 26, 5);
  assert.equal(formatDateTime(at, undefined, 'UTC'), 'Dec 2, 2026, 2:26 PM');
  setLocale('de', ['de-DE']);
  assert.equal(formatDateTime(at, undefined, 'UTC'), '02.12.2026, 14:26');
  assert.equal(formatInstant(at, undefined, 'UTC'), '02.12.2026, 14:26:05');
  assert.equal(formatNumber(1234.5), '1.234,5');
  assert.equal(formatShare(0.456), '46\u00a0%');
  assert.equal(formatSurveyScore('ces', 5.6), '5,6');
  assert.equal(formatSurveyScore('nps', 40), '+40');
  assert.equal(formatSurveyScore('csat', 83), '83\u00a0%');
  assert.equal(KIND_SCALE.csat, '1–5, wie zufrieden', 'read in the language showing');
  assert.equal(describeTrigger({ urlContains: '/kasse', afterSeconds: 10 }), 'auf Seiten, deren Adresse /kasse enthält, nach 10 s auf der Seite');
  assert.equal(leakFix({ element: 'p.note', field: 'text' }), 'Ergänzen Sie data-einblick-mask an p.note: Dann wird sein Text im Browser maskiert.');
});
