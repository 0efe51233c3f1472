// Everything held on one visitor as one JSON document (GDPR Art. 15), streamed
// session by session so a visitor with hundreds of sessions never sits in memory.
import type { Store } from './store/index.ts';
import { write, writeSessionEvents, type Sink } from './replay-stream.ts';

export async function writeVisitorExport(sink: Sink, store: Store, visitor: string, inflateLimit: number, onSession?: (done: number, total: number) => void): Promise<void> {
  const records = store.visitorsById(visitor);
  const total = records.reduce((n, r) => n + r.sessions, 0);
  const head = { exportedAt: new Date().toISOString(), visitor, records: records.map(({ siteId: _siteId, ...r }) => r) };
  await write(sink, JSON.stringify(head).slice(0, -1) + ',"sessions":[');
  let done = 0;
  for (const record of records) {
    for (const id of store.sessionIdsOf(record.siteId, visitor)) {
      const detail = store.sessionDetail(id);
      if (!detail) continue;
      await write(sink, (done ? ',' : '') + JSON.stringify(detail).slice(0, -1) + ',"events":');
      await writeSessionEvents(sink, store, id, inflateLimit);
      await write(sink, '}');
      onSession?.(++done, total);
    }
  }
  await write(sink, ']}');
}
