// The export as a zip archive (GDPR Art. 15 and 20): the same JSON document, plus one
// self-contained HTML replay per session that the data subject can open offline.
// Streamed with fflate's Zip: each file is deflated as its text is produced and the
// compressed bytes go straight to the response or file, honouring back-pressure, so
// a visitor with hundreds of sessions never sits in memory whole. (Plain zip, not
// zip64: an archive is limited to 4 GiB and 65,535 files.)
import { Zip, ZipDeflate, strToU8 } from 'fflate';
import type { AppContext } from '../context.ts';
import type { Sink } from '../replay/stream.ts';
import { writeVisitorExport } from './export.ts';
import { writeReplayFile } from '../replay/file.ts';

/** Where the archive's bytes go: an HTTP response, a file, stdout. */
export interface ByteSink {
  write(chunk: Uint8Array): boolean;
  /** True while the destination's buffer is full (Node's Writable and ServerResponse). */
  readonly writableNeedDrain: boolean;
  once(event: 'drain', listener: () => void): unknown;
}

export type ZipProgress = (step: 'json' | 'replays', done: number, total: number) => void;

const README = `This archive holds everything Einblick keeps about one visitor.

export.json    the whole record: visitor, consent receipts, revocations, every
               session with its page views, clicks and recorded events, and
               survey answers
replays/       one file per session: open it in a web browser to watch the recording.
               It works offline, loads nothing from the internet and runs nothing that
               was recorded. Text that was masked while recording shows as *.
`;

/** A filename-safe UTC time: 2026-12-01T07-15-00Z. */
const fileTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');

export async function writeVisitorZip(out: ByteSink, ctx: Pick<AppContext, 'store' | 'secret' | 'config'>, visitor: string, onProgress?: ZipProgress): Promise<void> {
  const { store } = ctx;
  let failure: Error | null = null;
  let finished!: () => void;
  const ended = new Promise<void>((resolve) => (finished = resolve));
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else out.write(chunk);
    if (final) finished();
  });

  /** Text written into one archive entry; waits for the destination when it is full. */
  const entry = (name: string): { sink: Sink; close(): void } => {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    return {
      sink: {
        write(text) {
          file.push(strToU8(text));
          if (failure) throw failure;
          return !out.writableNeedDrain;
        },
        once: (event, listener) => out.once(event, listener),
      },
      close: () => file.push(new Uint8Array(0), true),
    };
  };

  const readme = entry('README.txt');
  readme.sink.write(README);
  readme.close();

  const json = entry('export.json');
  await writeVisitorExport(json.sink, ctx, visitor, (done, total) => onProgress?.('json', done, total));
  json.close();

  const sessions: string[] = [];
  for (const r of await store.visitors.visitorsById(visitor)) sessions.push(...(await store.visitors.sessionIdsOf(r.siteId, visitor)));
  let done = 0;
  for (const id of sessions) {
    const summary = await store.sessions.sessionSummary(id);
    if (!summary) continue; // erased meanwhile
    const html = entry(`replays/${fileTime(summary.startedAt)}-${id}.html`);
    await writeReplayFile(html.sink, store, summary, ctx.config.limits.inflatedBytes);
    html.close();
    onProgress?.('replays', ++done, sessions.length);
  }
  zip.end();
  await ended;
  if (failure) throw failure;
}
