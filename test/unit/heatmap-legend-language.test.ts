// The heatmap's legend and lists in the viewer's language: the live legend names the
// same peak as the English PNG (same rounding), German writes it "2,3 Klicks", and a
// click with no element gets a German name while a recorded selector stays as it is.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { setLocale } from '../../viewer/i18n/locale.ts';
import { t } from '../../viewer/i18n/translate.ts';
import { peakClicksLabel } from '../../contract/heat-legend.ts';
import { peakLabel } from '../../viewer/pages/heatmaps/peak-label.ts';
import { elementLabel } from '../../viewer/pages/heatmaps/element-label.ts';

afterEach(() => setLocale('en', []));

test("in English the viewer's legend reads like the PNG's", () => {
  setLocale('en', ['en-US']);
  for (const peak of [0, -1, Number.NaN, 0.04, 1, 1.04, 2.345, 9.96, 10, 140.4, 999.4]) {
    assert.equal(peakLabel(peak), peakClicksLabel(peak), `peak ${peak}`);
  }
  assert.equal(peakLabel(12_345.6), '12,346 clicks', 'the same number, with the locale\'s thousands separator');
});

test('in German the legend uses the German words and decimal mark, the PNG stays English', () => {
  setLocale('de', ['de-DE']);
  assert.equal(peakLabel(0), 'keine Klicks');
  assert.equal(peakLabel(1), '1 Klick');
  assert.equal(peakLabel(2.345), '2,3 Klicks');
  assert.equal(peakLabel(12_345.6), '12.346 Klicks');
  assert.equal(peakClicksLabel(2.345), '2.3 clicks', 'the server side is untouched');
});

test('a click with no element is named in the viewer language; a selector is never translated', () => {
  setLocale('de', ['de-DE']);
  assert.equal(elementLabel(''), 'Seitenhintergrund (kein Element)');
  assert.equal(elementLabel('button#pay'), 'button#pay');
  setLocale('en', ['en-US']);
  assert.equal(elementLabel(' '), 'Page background (no element)');
});

test('the heatmap totals count clicks and page views in German with German numbers', () => {
  setLocale('de', ['de-DE']);
  const line = t('heatmaps.totals', { clicks: t('heatmaps.clicks', { count: 1200 }), views: t('heatmaps.pageViews', { count: 1 }), rage: 3, dead: 0 });
  assert.equal(line, '1.200 Klicks bei 1 Seitenaufruf; Rage-Klicks: 3, tote Klicks: 0.');
  assert.equal(t('heatmaps.pageViews', { count: 2 }), '2 Seitenaufrufen');
});
