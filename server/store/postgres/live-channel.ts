// The live channel across nodes: PostgreSQL LISTEN/NOTIFY. Every node listens on one
// connection of its own and publishes with NOTIFY through the pool, so a session that
// starts on one node reaches the viewers connected to every node (this one too: its
// listener hears its own notifications, which keeps one path for all of them).
import pg from 'pg';
import type { LiveChannel, LiveMessage } from '../contract.ts';
import type { Pg } from './db.ts';

const CHANNEL = 'einblick_live';
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7900;
const RECONNECT_MS = 1000;

/**
 * A survey comment may be 2000 characters of 4-byte UTF-8: such an answer is announced
 * with its comment cut to fit (marked `commentTruncated`); the results page and a reload
 * show it whole. A message that still does not fit is dropped and logged: live updates
 * are a convenience over what is stored, never the only copy.
 */
function payloadOf(message: LiveMessage): string | null {
  let text = JSON.stringify(message);
  if (Buffer.byteLength(text) <= MAX_PAYLOAD) return text;
  const data = message.data as { comment?: unknown };
  if (typeof data?.comment === 'string') {
    const over = Buffer.byteLength(text) - MAX_PAYLOAD;
    let comment = data.comment;
    while (comment.length && Buffer.byteLength(comment) > Buffer.byteLength(data.comment) - over - 64) comment = comment.slice(0, Math.floor(comment.length * 0.9));
    text = JSON.stringify({ ...message, data: { ...data, comment: comment + '…', commentTruncated: true } });
    if (Buffer.byteLength(text) <= MAX_PAYLOAD) return text;
  }
  return null;
}

export function pgLiveChannel(db: Pg, url: string): LiveChannel & { close(): Promise<void> } {
  const listeners = new Set<(m: LiveMessage) => void>();
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  // The listening connection is made when the first viewer subscribes, and made again
  // after a database restart; notifications sent while it was down are lost (a viewer
  // reconnecting reloads the list anyway).
  async function listen(): Promise<void> {
    if (closed || client) return;
    const c = new pg.Client({ connectionString: url, application_name: 'einblick-live' });
    client = c;
    const again = () => {
      if (client !== c) return;
      client = null;
      c.end().catch(() => {});
      if (!closed && listeners.size) retry = setTimeout(() => void listen(), RECONNECT_MS);
    };
    c.on('error', again);
    c.on('end', again);
    c.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      let message: LiveMessage;
      try {
        message = JSON.parse(n.payload) as LiveMessage;
      } catch {
        return;
      }
      for (const l of listeners) l(message);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      // Closing while the connection was being made is no trouble worth a line.
      if (!closed) console.error('live channel: could not listen:', err instanceof Error ? err.message : err);
      again();
    }
  }

  return {
    shared: true,
    async publish(message) {
      const payload = payloadOf(message);
      if (payload === null) return void console.error(`live channel: a ${message.event} message too large to announce was dropped`);
      await db.run('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    },
    subscribe(listener) {
      listeners.add(listener);
      void listen();
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
