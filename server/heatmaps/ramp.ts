// The heat ramp (contract/heat-ramp.ts) as the server's SVG legend draws it.
import { HEAT_RAMP } from '../../contract/heat-ramp.ts';

/** The ramp as SVG gradient stops, so the legend bar matches the pixels exactly. */
export function rampSvgStops(): string {
  return HEAT_RAMP.map(
    (s) => `<stop offset="${s.at}" stop-color="rgb(${s.rgb.join(',')})" stop-opacity="${s.alpha}"/>`,
  ).join('');
}
