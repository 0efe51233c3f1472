// Everything held on one visitor as one JSON document (GDPR Art. 15), streamed
// session by session so a visitor with hundreds of sessions never sits in memory.
import type { AppContext } from '../context.ts';
import { write, writeSessionEvents, type Sink } from '../replay/stream.ts';
import { objectHash } from './audit.ts';

/**
 * The visitor's revocations: a revocation erases what was held for that site, so its
 * only trace is the audit row (object = keyed hash of the visitor id, no personal data).
 * They are the visitor's own receipts of having withdrawn, e.g. on one site of two.
 */
export async function revocationReceipts(ctx: Pick<AppContext, 'store' | 'secret'>, visitor: string) {
  return (await ctx.store.audit.listAudit({ action: 'consent.revoke', objectHash: objectHash(ctx, visitor), limit: 1000 }))
    .reverse()
    .map(({ at, detail: { site, ...erased } }) => ({ revokedAt: new Date(at).toISOString(), site: site ?? null, erased }));
}

export async function writeVisitorExport(
  sink: Sink,
  ctx: Pick<AppContext, 'store' | 'secret' | 'config'>,
  visitor: string,
  onSession?: (done: number, total: number) => void,
): Promise<void> {
  const { store } = ctx;
  const records = await store.visitors.visitorsById(visitor);
  const total = records.reduce((n, r) => n + r.sessions, 0);
  const head = {
    exportedAt: new Date().toISOString(),
    visitor,
    records: records.map(({ siteId: _siteId, ...r }) => r),
    revocations: await revocationReceipts(ctx, visitor),
  };
  await write(sink, JSON.stringify(head).slice(0, -1) + ',"sessions":[');
  let done = 0;
  for (const record of records) {
    for (const id of await store.visitors.sessionIdsOf(record.siteId, visitor)) {
      const detail = await store.sessions.sessionDetail(id);
      if (!detail) continue;
      // Researchers' notes are about this visit, so they are the visitor's to see too.
      const notes = await store.notes.sessionNotes(id);
      await write(sink, (done ? ',' : '') + JSON.stringify({ ...detail, notes }).slice(0, -1) + ',"events":');
      await writeSessionEvents(sink, store, id, ctx.config.limits.inflatedBytes);
      await write(sink, '}');
      onSession?.(++done, total);
    }
  }
  // Answers given with surveys-only consent belong to no session, so they are listed here, all of them,
  // with every time a survey was shown to the visitor.
  const answers = [];
  const shows = [];
  for (const r of records) {
    answers.push(...(await store.surveys.visitorAnswers(r.siteId, visitor)));
    shows.push(...(await store.surveys.visitorShows(r.siteId, visitor)));
  }
  await write(sink, '],"surveyAnswers":' + JSON.stringify(answers) + ',"surveyShows":' + JSON.stringify(shows) + '}');
}
