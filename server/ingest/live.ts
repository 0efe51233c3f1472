// Server-Sent Events for the viewer: new sessions and survey answers as they arrive.
// Each connected viewer is a response kept open on this node; what is published goes
// through the store's live channel, so with several nodes a viewer on one hears of a
// session that started on another.
import type { Response } from 'express';
import type { LiveChannel, LiveEvent } from '../store/contract.ts';

export type { LiveEvent };

interface Listener { res: Response; site: string | undefined }

/** Comments keep proxies and browsers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

export function createLiveHub(channel: LiveChannel) {
  const listeners = new Set<Listener>();
  const heartbeat = setInterval(() => {
    for (const l of listeners) l.res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const unsubscribe = channel.subscribe(({ event, site, data }) => {
    if (!listeners.size) return;
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const l of listeners) if (l.site === undefined || l.site === site) l.res.write(frame);
  });

  /** Whether a publish can reach anyone: a viewer here, or other nodes' viewers. */
  const wanted = () => channel.shared || listeners.size > 0;

  return {
    get wanted(): boolean {
      return wanted();
    },
    publish(event: LiveEvent, site: string, data: unknown): void {
      // A lost live message costs a viewer a refresh, never data: logged, not thrown.
      if (wanted()) channel.publish({ event, site, data }).catch((err: unknown) => console.error('live publish:', err instanceof Error ? err.message : err));
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
      unsubscribe();
      clearInterval(heartbeat);
      for (const l of listeners) l.res.end();
      listeners.clear();
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
