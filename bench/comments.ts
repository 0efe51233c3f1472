// `node --import tsx bench/comments.ts [dev]`: accuracy of comment sentiment and themes on
// the held-out test set (or, with `dev`, on the set used for tuning, listing its mistakes).
import { loadSet, measure } from './comment-accuracy.ts';

const dev = process.argv[2] === 'dev';
const set = loadSet(dev ? 'dev-set' : 'test-set');
// The fastest of several rounds: the first pays for compiling, and the machine is shared.
const rounds = Array.from({ length: 20 }, () => measure(set));
const r = { ...rounds[0]!, msPerComment: Math.min(...rounds.map((x) => x.msPerComment)) };
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(`${dev ? 'DEV' : 'TEST'} set, ${r.comments} comments`);
for (const lang of ['en', 'de'] as const) {
  const s = r.sentiment[lang];
  console.log(`sentiment ${lang}: ${s.right}/${s.n} = ${pct(s.accuracy)}`);
}
console.log(`language: ${pct(r.language)}`);
console.log(`themes: precision ${pct(r.themes.precision)}, recall ${pct(r.themes.recall)}`);
console.log(`time: ${(r.msPerComment * 1000).toFixed(0)} µs per comment`);
if (dev) for (const m of r.mistakes) console.log(`  ${m.text}\n    want ${m.want}\n    got  ${m.got}`);
