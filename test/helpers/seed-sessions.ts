// Stored sessions put into both backends row by row, with the counters and flags ingest
// keeps on the session row agreeing with the rows under it.
import type { Row, TwoBackends } from './two-backends.ts';

export interface SessionSeed {
  id: string;
  siteId: number;
  visitor: string;
  startedAt: number;
  duration: number;
  device?: 'desktop' | 'mobile' | 'tablet';
  browser?: [string, string];
  os?: [string, string];
  identified?: boolean;
  urls: string[];
  clicks?: { pv: number; ts: number; selector: string; rage?: boolean; dead?: boolean }[];
  events?: string[];
  tags?: string[];
  /** Seq numbers of the stored chunks (a missing one is a gap); [0] by default. */
  seqs?: number[];
  notes?: string[];
  consent?: object;
}

export async function seedSite(both: TwoBackends, id: number, key: string): Promise<void> {
  await both.insert('sites', { id, key, name: key, origins: '["https://shop.example"]', privacy: 'balanced', retention_days: 90, created_at: 1 });
}

export async function seedSession(both: TwoBackends, s: SessionSeed): Promise<void> {
  const clicks = s.clicks ?? [];
  const seqs = s.seqs ?? [0];
  const device = s.device ?? 'desktop';
  const page = (url: string) => url.split('?')[0]!;
  await both.insert('visitors', { site_id: s.siteId, id: s.visitor, first_seen: s.startedAt, last_seen: s.startedAt + s.duration, external_hash: s.identified ? `hash-${s.visitor}` : null })
    .catch(() => undefined); // a visitor of several sessions is inserted once
  await both.insert('sessions', {
    id: s.id, site_id: s.siteId, visitor_id: s.visitor, started_at: s.startedAt, last_at: s.startedAt + s.duration, entry_url: s.urls[0] ?? '',
    page_count: s.urls.length, click_count: clicks.length, device, viewport_w: 1280, viewport_h: 800, chunk_count: seqs.length,
    max_seq: Math.max(-1, ...seqs), consent: s.consent ? JSON.stringify(s.consent) : null, duration: s.duration,
    rage_count: clicks.filter((c) => c.rage).length, dead_count: clicks.filter((c) => c.dead).length, identified: s.identified ? 1 : 0,
    browser: s.browser?.[0] ?? '', browser_major: s.browser?.[1] ?? '', os: s.os?.[0] ?? '', os_major: s.os?.[1] ?? '',
  });
  await both.insert('page_views', s.urls.map((url, pv): Row => ({
    session_id: s.id, pv, site_id: s.siteId, url, title: `Title ${pv}`, ts: s.startedAt + pv, viewport_w: 1280, viewport_h: 800,
    doc_w: 1280, doc_h: 2000, device, max_scroll: 0.5, page: page(url),
  })));
  await both.insert('clicks', clicks.map((c): Row => ({
    session_id: s.id, pv: c.pv, site_id: s.siteId, ts: c.ts, x: 10.5, y: 20.25, selector: c.selector, offset_x: 0.5, offset_y: 0.25,
    rage: c.rage ? 1 : 0, dead: c.dead ? 1 : 0, page: page(s.urls[c.pv]!), device,
  })));
  await both.insert('chunks', seqs.map((seq): Row => ({
    session_id: s.id, seq, received_at: s.startedAt + seq, first_ts: s.startedAt + seq * 1000, last_ts: s.startedAt + seq * 1000 + 999,
    event_count: 1, full_snapshot: seq === 0 ? 1 : 0, hash: Buffer.from(`hash ${s.id} ${seq}`), data: Buffer.from(`chunk of ${s.id} for ${s.visitor} #${seq}`),
    part_index: null, part_count: null,
  })));
  await both.insert('session_events', (s.events ?? []).map((name): Row => ({ session_id: s.id, site_id: s.siteId, name })));
  await both.insert('session_tags', (s.tags ?? []).map((tag): Row => ({ session_id: s.id, site_id: s.siteId, tag })));
  await both.insert('notes', (s.notes ?? []).map((text, i): Row => ({
    id: `note-${s.id}-${i}`, session_id: s.id, at: i * 1000, text, author_token_id: 1, author: 'researcher', created_at: s.startedAt,
  })));
}
