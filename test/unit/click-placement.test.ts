// Where the heatmap view draws a recorded click on the page it rebuilt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeClicks, type Box } from '../../viewer/pages/heatmaps/click-placement.ts';

const point = { x: 900, y: 2000, offsetX: 25, offsetY: 50, selector: '#pay', rage: false, dead: true, docWidth: 1280 };

test('a click whose element is found lands at the same spot inside it, whatever the width', () => {
  const box: Box = { left: 100, top: 300, width: 200, height: 40 };
  const [placed] = placeClicks([point], (s) => (s === '#pay' ? box : null), 375);
  assert.deepEqual(placed, { x: 150, y: 320, selector: '#pay', rage: false, dead: true, onElement: true, weight: 1 });
});

test('a click whose element is gone is scaled from the width it was recorded at', () => {
  const [placed] = placeClicks([{ ...point, x: 640, y: 1000, weight: 5 }], () => null, 640);
  assert.deepEqual(placed, { x: 320, y: 500, selector: '#pay', rage: false, dead: true, onElement: false, weight: 5 });
  const [unknownWidth] = placeClicks([{ ...point, x: 640, y: 1000, docWidth: 0 }], () => null, 640);
  assert.deepEqual([unknownWidth!.x, unknownWidth!.y], [640, 1000], 'an unknown width leaves it where it was');
});
