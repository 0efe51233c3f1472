// Server-Sent Events for the viewer: new sessions and survey answers as they arrive.
// One in-process hub; each connected viewer is a response kept open.
import type { Response } from 'express';

export type LiveEvent = 'session' | 'answer';

interface Listener { res: Response; site: string | undefined }

/** Comments keep proxies and browsers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

export function createLiveHub() {
  const listeners = new Set<Listener>();
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
