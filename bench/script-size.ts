// What a visitor downloads: our stub, recorder and survey widget vs. rrweb's record half alone and
// rrweb whole, all built the same way (esbuild, minified, gzip -9) in this run.
import { build, type Plugin } from 'esbuild';
import { rrwebUnused } from '../recorder/build/rrweb-unused.mjs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

async function gzippedBundle(contents: string, plugins: Plugin[] = []): Promise<number> {
  const out = await build({ stdin: { contents, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, minify: true, format: 'iife', target: ['es2020'], write: false, legalComments: 'none', logLevel: 'silent', plugins });
  return gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
}

const gzFile = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

export interface SizeRow { what: string; bytes: number; baseline: string; baselineBytes: number }

/** Needs a fresh `npm run build` (dist/). */
export async function measureScriptSizes(): Promise<SizeRow[]> {
  const record = await gzippedBundle(`import { record } from '@rrweb/record'; (window as any).r = record;`);
  const whole = await gzippedBundle(`import * as rrweb from 'rrweb'; (window as any).r = rrweb;`);
  // rrweb's record half without the code our options switch off, as the recorder bundles it.
  const trimmed = await gzippedBundle(`import { record } from '@rrweb/record'; (window as any).r = record;`, [rrwebUnused as Plugin]);
  return [
    { what: 'consent stub (before consent)', bytes: gzFile('dist/einblick.js'), baseline: 'goal 2 KB', baselineBytes: 2048 },
    { what: 'recorder (after consent)', bytes: gzFile('dist/einblick-recorder.js'), baseline: '@rrweb/record alone', baselineBytes: record },
    { what: 'recorder (after consent)', bytes: gzFile('dist/einblick-recorder.js'), baseline: '@rrweb/record without the code our options switch off', baselineBytes: trimmed },
    { what: 'recorder (after consent)', bytes: gzFile('dist/einblick-recorder.js'), baseline: 'rrweb whole', baselineBytes: whole },
    { what: 'survey widget (only when a survey is due)', bytes: gzFile('dist/einblick-survey.js'), baseline: 'the recorder', baselineBytes: gzFile('dist/einblick-recorder.js') },
  ];
}
