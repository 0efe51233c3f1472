// What a heatmap image and the viewer say about it: the period it covers, the unit of
// its legend (the same in the PNG and the live view), and a name for every element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captionPeriod } from '../../server/heatmaps/caption-period.ts';
import { clickDensity } from '../../server/heatmaps/density.ts';
import { binPoints } from '../../server/heatmaps/grid.ts';
import { peakClicksLabel } from '../../contract/heat-legend.ts';
import { elementLabel } from '../../viewer/pages/heatmaps/element-label.ts';

const NOV_1 = Date.UTC(2026, 10, 1);
const NOV_30 = Date.UTC(2026, 10, 30, 23, 59);

test('a PNG without a start date says it covers all days, never 1970', () => {
  assert.equal(captionPeriod(undefined, NOV_30), 'all days to 2026-11-30');
  assert.equal(captionPeriod(NOV_1, NOV_30), '2026-11-01 to 2026-11-30');
  assert.equal(captionPeriod(NOV_30 - 1000, NOV_30), '2026-11-30', 'one day is named once');
  assert.doesNotMatch(captionPeriod(undefined, NOV_30), /1970/);
});

test("the PNG legend counts clicks per spot like the viewer's: a lone click is 1 click", () => {
  const page = { width: 400, height: 400 };
  const lone = clickDensity(binPoints([{ x: 200, y: 200 }], page, 8), 3);
  assert.ok(Math.abs(lone.peakClicks - 1) < 1e-6, `a lone click peaks at 1 (got ${lone.peakClicks})`);
  assert.equal(peakClicksLabel(lone.peakClicks), '1 click');
  const five = clickDensity(binPoints(Array.from({ length: 5 }, () => ({ x: 100, y: 100 })), page, 8), 3);
  assert.equal(peakClicksLabel(five.peakClicks), '5 clicks', 'five clicks on one spot read 5 clicks');
  assert.equal(peakClicksLabel(0), 'no clicks');
  assert.equal(peakClicksLabel(2.345), '2.3 clicks');
});

test('a click with no element is listed with a name, not as an empty entry', () => {
  assert.equal(elementLabel('button#pay'), 'button#pay');
  assert.ok(elementLabel('').length > 0);
  assert.ok(elementLabel('  ').length > 0);
});
