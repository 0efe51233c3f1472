// The widget's requests (POST /api/v1/surveys/shown and /answer): CORS simple requests
// like ingest, retried with backoff on network errors, 429 and 5xx (Retry-After honoured),
// never on another 4xx, whose answer a retry cannot change. Answers carry their own id,
// so a retry the server has already seen is stored once.
import { retryDelay } from '../transport/retry.ts';

const MAX_ATTEMPTS = 8;

export interface SurveySender {
  /** `keepalive` for a request that must outlive the page (sent at pagehide). */
  post(path: 'shown' | 'answer', body: object, keepalive?: boolean): void;
  /** Revoked: nothing more is sent, not even what is waiting for a retry. */
  stop(): void;
}

export function createSurveySender(endpoint: string): SurveySender {
  const abort = new AbortController();
  const timers = new Set<number>();
  /** Answers not yet acknowledged: handed to the browser with keepalive if the page goes away. */
  const unsent = new Set<string>();

  const send = (path: string, body: string, keepalive: boolean) =>
    fetch(`${endpoint}/api/v1/surveys/${path}`, { method: 'POST', body, keepalive, credentials: 'omit', headers: { 'Content-Type': 'text/plain' }, signal: abort.signal });

  async function attempt(path: string, body: string, n: number, keepalive: boolean): Promise<void> {
    let wait: number;
    try {
      const res = await send(path, body, keepalive);
      if (res.status !== 429 && res.status < 500) return void unsent.delete(body);
      wait = retryDelay(n, res.headers.get('Retry-After'));
    } catch {
      if (abort.signal.aborted) return;
      wait = retryDelay(n, null);
    }
    if (n + 1 >= MAX_ATTEMPTS) return void unsent.delete(body);
    const timer = window.setTimeout(() => {
      timers.delete(timer);
      void attempt(path, body, n + 1, false);
    }, wait);
    timers.add(timer);
  }

  const onPageHide = () => unsent.forEach((body) => send('answer', body, true).catch(() => undefined));
  addEventListener('pagehide', onPageHide);

  return {
    post(path, data, keepalive = false) {
      const body = JSON.stringify(data);
      if (path === 'answer') unsent.add(body);
      void attempt(path, body, 0, keepalive);
    },
    stop() {
      abort.abort();
      timers.forEach(clearTimeout);
      unsent.clear();
      removeEventListener('pagehide', onPageHide);
    },
  };
}
