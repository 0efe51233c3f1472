// Calls a site's webhook when a low score arrives (an NPS detractor, an unhappy CSAT, a
// hard CES), with the answer and a link to the replay moment. Deliveries wait in SQLite,
// so a restart loses none; they are sent off the request path and retried with backoff.
// A failure is logged and never touches ingest.
import type { Store } from './store/index.ts';
import type { WebhookJob } from './store/surveys.ts';
import type { WebhookConfig } from './config.ts';

/** What the site's endpoint receives. No visitor id: the replay link is enough to follow up. */
export function webhookPayload(job: WebhookJob, viewerBase: string) {
  const replayOffset = job.session !== null && job.sessionStart !== null ? Math.max(0, job.ts - job.sessionStart) : null;
  return {
    type: 'survey.low_score',
    site: job.siteKey,
    survey: { id: job.surveyId, kind: job.kind, question: job.question },
    answer: { id: job.answerId, score: job.score, comment: job.comment, url: job.pageUrl, device: job.device, at: new Date(job.ts).toISOString() },
    replayUrl: replayOffset === null ? null : `${viewerBase}/viewer/sessions/${encodeURIComponent(job.session!)}?t=${replayOffset}`,
  };
}

/** Exponential backoff from `baseMs`, doubling per attempt, capped at an hour. */
export const retryDelay = (attempt: number, baseMs: number): number => Math.min(3_600_000, baseMs * 2 ** attempt);

export function startWebhookDelivery(store: Store, config: WebhookConfig, viewerBase: string, log = console): () => void {
  let stopped = false;
  let running = false;

  async function deliver(job: WebhookJob): Promise<void> {
    const attempt = job.attempts + 1;
    let problem: string;
    try {
      const res = await fetch(job.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Einblick-Webhook/1' },
        body: JSON.stringify(webhookPayload(job, viewerBase)),
        signal: AbortSignal.timeout(config.timeoutMs),
        redirect: 'error',
      });
      await res.body?.cancel();
      if (res.ok) {
        store.webhookDelivered(job.answerId);
        return;
      }
      problem = `HTTP ${res.status}`;
    } catch (err) {
      problem = err instanceof Error ? err.name === 'TimeoutError' ? 'timed out' : err.message : String(err);
    }
    const giveUp = attempt >= config.maxAttempts;
    store.webhookFailed(job.answerId, giveUp ? null : Date.now() + retryDelay(job.attempts, config.retryBaseMs), problem);
    // The log names the site and the attempt, never the answer's text.
    log.error(`webhook for site ${job.siteKey}: attempt ${attempt} of ${config.maxAttempts} failed (${problem})${giveUp ? '; giving up' : '; will retry'}`);
  }

  async function tick(): Promise<void> {
    if (running || stopped) return;
    running = true;
    try {
      for (const job of store.dueWebhooks(Date.now())) {
        if (stopped) break;
        await deliver(job);
      }
    } catch (err) {
      log.error('webhook delivery:', err instanceof Error ? err.message : String(err));
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => void tick(), config.pollMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
