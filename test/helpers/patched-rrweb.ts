// rrweb's record as the recorder ships it (recorder/build/rrweb-unused.mjs applied), alone in
// an IIFE that sets window.rrwebRecord: for tests of the patches through what rrweb emits.
import { build } from 'esbuild';
import { rrwebPatches } from '../../recorder/build/rrweb-unused.mjs';

export async function patchedRrwebBundle(options: Parameters<typeof rrwebPatches>[0] = {}): Promise<string> {
  const result = await build({
    stdin: { contents: "import { record } from '@rrweb/record'; window.rrwebRecord = record;", resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    target: ['es2020'],
    logLevel: 'silent',
    plugins: [rrwebPatches(options)],
  });
  return result.outputFiles[0]!.text;
}
