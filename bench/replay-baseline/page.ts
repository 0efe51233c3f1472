// The baseline for bench/replay-start.ts, as the viewer worked before replay segments:
// fetch the session's whole event stream, then hand it all to rrweb-player. Same
// player options as viewer/replay/player.ts. Built and served by the bench only.
import type { eventWithTime } from '@rrweb/types';
import rrwebPlayer from 'rrweb-player';
import 'rrweb-player/dist/style.css';

const id = location.hash.slice(1);
const target = document.getElementById('stage')!;
const events = (await (await fetch(`/api/v1/sessions/${encodeURIComponent(id)}/events`)).json()) as eventWithTime[];
new rrwebPlayer({ target, props: { events, width: 1024, height: 640, autoPlay: false, skipInactive: true, showController: true, speedOption: [1, 2, 4, 8] } });
