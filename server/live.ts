// Server-Sent Events for the viewer: new sessions and survey answers as they arrive.
// One in-process hub; each connected viewer is a response kept open.
import type { Response } from 'express';

export type LiveEvent = 'session' | 'answer';

interface Listener { res: Response; site: string | undefined }

/** Comments keep proxies and browsers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** Sessions already announced; bounded, so a restart at worst announces one again. */
const ANNOUNCED_LIMIT = 50_000;

export function createLiveHub() {
  const listeners = new Set<Listener>();
  const announced = new Set<string>();
  const heartbeat = setInterval(() => {
    for (const l of listeners) l.res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function publish(event: LiveEvent, site: string, data: unknown): void {
    if (!listeners.size) return;
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const l of listeners) if (l.site === undefined || l.site === site) l.res.write(frame);
  }

  return {
    publish,
    /** True the first time a session id is seen: the ingest route then announces it. */
    firstSight(sessionId: string): boolean {
      if (announced.has(sessionId)) return false;
      if (announced.size >= ANNOUNCED_LIMIT) announced.clear();
      announced.add(sessionId);
      return true;
    },
    subscribe(res: Response, site: string | undefined): () => void {
      const listener = { res, site };
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get listeners(): number {
      return listeners.size;
    },
    close(): void {
      clearInterval(heartbeat);
      for (const l of listeners) l.res.end();
      listeners.clear();
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
