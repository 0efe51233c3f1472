// The colour ramp of every heatmap, the server's PNGs and the viewer's live canvas alike
// (one home, so a downloaded image and the live view read the same): transparent blue for
// a trace of activity, through green and yellow, to red for the hottest spots.
// Alpha grows with intensity so cold areas leave the page readable beneath.

export interface RampStop {
  at: number;
  rgb: readonly [number, number, number];
  /** 0..1 */
  alpha: number;
}

// Lightness climbs from blue through green to yellow, then red trades a little of
// it for saturation: the order people already read as cold → hot. Alpha carries the
// amount as well, so the hue never has to do it alone. It stops at 0.85: even the
// hottest spot lets the clicked element show through.
export const HEAT_RAMP: readonly RampStop[] = [
  { at: 0, rgb: [40, 90, 255], alpha: 0 },
  { at: 0.3, rgb: [40, 200, 90], alpha: 0.45 },
  { at: 0.6, rgb: [255, 225, 40], alpha: 0.65 },
  { at: 1, rgb: [225, 20, 20], alpha: 0.85 },
];

/** RGBA (each 0..255) for an intensity 0..1; out-of-range and NaN clamp to the ends. */
export function heatColour(intensity: number): [number, number, number, number] {
  const t = intensity > 0 ? Math.min(1, intensity) : 0;
  let i = 1;
  while (i < HEAT_RAMP.length - 1 && HEAT_RAMP[i]!.at < t) i++;
  const lo = HEAT_RAMP[i - 1]!;
  const hi = HEAT_RAMP[i]!;
  const f = (t - lo.at) / (hi.at - lo.at);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * f);
  return [mix(lo.rgb[0], hi.rgb[0]), mix(lo.rgb[1], hi.rgb[1]), mix(lo.rgb[2], hi.rgb[2]), mix(lo.alpha * 255, hi.alpha * 255)];
}
