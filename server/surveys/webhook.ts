// Calls a site's webhook when a low score arrives (an NPS detractor, an unhappy CSAT, a
// hard CES), with the answer and a link to the replay moment. Deliveries wait in SQLite,
// so a restart loses none; they are sent off the request path and retried with backoff.
// A failure is logged and never touches ingest. Each site has its own queue: a slow or
// dead receiver holds up only its own site's calls, each ended by a deadline. Targets
// on loopback, private or link-local addresses are refused (server/egress) unless
// the operator allowed them; cloud metadata addresses always.
import type { Store } from '../store/index.ts';
import type { WebhookJob } from '../store/surveys.ts';
import type { WebhookConfig } from '../config.ts';
import { HttpError } from '../http/http-error.ts';
import { EgressRefused, resolveTarget } from '../egress/resolve-target.ts';
import { vettedPost } from '../egress/vetted-post.ts';

/**
 * Refuses a webhook URL whose host is, or resolves to, an address the server may not
 * call. A name that does not resolve yet is accepted: delivery checks again each time.
 */
export async function checkWebhookTarget(url: string, config: Pick<WebhookConfig, 'allowPrivate'>): Promise<void> {
  try {
    await resolveTarget(new URL(url).hostname, config.allowPrivate);
  } catch (err) {
    if (!(err instanceof EgressRefused) || err.reason.startsWith('does not resolve')) return;
    const hint = config.allowPrivate ? '' : ' (an operator can allow private networks with EINBLICK_WEBHOOK_ALLOW_PRIVATE=1)';
    throw new HttpError(400, 'webhook_target_private', `The webhook ${err.host} ${err.reason}: webhooks may only call public addresses${hint}.`);
  }
}

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
  const stopping = new AbortController();
  /** Sites with a call under way: their next calls wait, other sites' do not. */
  const busy = new Set<string>();

  async function deliver(job: WebhookJob): Promise<void> {
    const attempt = job.attempts + 1;
    let problem: string;
    try {
      const status = await vettedPost({
        url: job.url,
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Einblick-Webhook/1' },
        body: JSON.stringify(webhookPayload(job, viewerBase)),
        insideAllowed: config.allowPrivate,
        signal: AbortSignal.any([AbortSignal.timeout(config.timeoutMs), stopping.signal]),
      });
      if (status >= 200 && status < 300) {
        await store.surveys.webhookDelivered(job.answerId);
        return;
      }
      problem = `HTTP ${status}`;
    } catch (err) {
      if (stopped) return; // the call is made again after the restart
      problem = err instanceof EgressRefused ? `refused: ${err.message}` : err instanceof Error ? (err.name === 'TimeoutError' ? 'timed out' : err.message) : String(err);
    }
    const giveUp = attempt >= config.maxAttempts;
    await store.surveys.webhookFailed(job.answerId, giveUp ? null : Date.now() + retryDelay(job.attempts, config.retryBaseMs), problem);
    // The log names the site and the attempt, never the answer's text.
    log.error(`webhook for site ${job.siteKey}: attempt ${attempt} of ${config.maxAttempts} failed (${problem})${giveUp ? '; giving up' : '; will retry'}`);
  }

  async function drain(site: string, jobs: WebhookJob[]): Promise<void> {
    try {
      for (const job of jobs) {
        if (stopped) break;
        await deliver(job);
      }
    } catch (err) {
      log.error(`webhook delivery for site ${site}:`, err instanceof Error ? err.message : String(err));
    } finally {
      busy.delete(site);
    }
  }

  async function tick(): Promise<void> {
    if (stopped || busy.size >= config.parallelSites) return;
    try {
      // With several nodes one delivers, so no call is made twice.
      if (!(await store.leadership.leads('webhooks'))) return;
      const bySite = new Map<string, WebhookJob[]>();
      for (const job of await store.surveys.dueWebhooksExcept(Date.now(), [...busy])) {
        const list = bySite.get(job.siteKey) ?? [];
        list.push(job);
        bySite.set(job.siteKey, list);
      }
      for (const [site, jobs] of bySite) {
        if (busy.size >= config.parallelSites) break;
        busy.add(site);
        void drain(site, jobs);
      }
    } catch (err) {
      // A turn cut short by the server stopping is retried at the next start; only real failures are said.
      if (!stopped) log.error('webhook delivery:', err instanceof Error ? err.message : String(err));
    }
  }

  const timer = setInterval(tick, config.pollMs);
  timer.unref();
  return () => {
    stopped = true;
    stopping.abort();
    clearInterval(timer);
  };
}
