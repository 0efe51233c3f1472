// Typed client for the viewer's half of the HTTP API. Same origin, cookie auth.
// A 401 on any call other than sign-in means the cookie is gone (expired,
// revoked, signed out in another tab): we announce it once on `window`, and
// main.ts shows the sign-in form instead of every page handling it.
import type { eventWithTime } from '@rrweb/types';
import type { AnswerCorrected, AnswerCorrection, AuditAction, AuditRow, CommentTheme, Device, ErasureCounts, ErrorBody, LeakList, Me, NewNote, NewSurvey, Note, Role, Sentiment, SessionAssets, SessionDetail, SessionList, Segment, TagCounts, SessionSummary, SiteChange, SiteSummary, Survey, SurveyKind, SurveyResults, TokenInfo, VisitorRecord } from '../contract/schemas/index.ts';
import { replaySegmentPath } from '../contract/viewer-routes.ts';
import { defuseRecordedRequests } from './replay/replay-requests.ts';
import { useCapturedAssets } from './replay/replay-assets.ts';

export const SIGNED_OUT_EVENT = 'einblick:signed-out';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Query for `GET /sessions`; absent keys are left out of the URL. */
export interface SessionFilter {
  site?: string;
  from?: string;
  to?: string;
  url?: string;
  minDuration?: number;
  device?: string;
  survey?: string;
  scoreMax?: number;
  maxDuration?: number;
  rage?: '1';
  dead?: '1';
  answered?: '1';
  identified?: '1';
  event?: string;
  clicked?: string;
  tag?: string;
  browser?: string;
  os?: string;
  sort?: string;
  limit?: number;
  cursor?: string;
}

/** How the privacy desk looks a person up: exactly one key per lookup. */
export type LookupBy = 'externalId' | 'visitorId' | 'sessionId';

// The privacy routes (server/routes/privacy.ts) answer these shapes; the site's
// internal row id is left out on the server.
export type Visitor = Omit<VisitorRecord, 'siteId'>;

/** What an erasure removed, as the server counts it. */
export type ErasedCounts = ErasureCounts;

/** The receipt `DELETE /privacy/visitors/:id` answers with. */
export interface VisitorErasure {
  at: string;
  by: { label: string; role: Role };
  removed: ErasedCounts;
}

/** Query for `GET /audit`; `objectId` is hashed by the server the way the trail hashes ids. */
export interface AuditFilter {
  from?: string;
  to?: string;
  action?: AuditAction;
  objectId?: string;
  limit?: number;
}

/** The page and device a heatmap is for, over a day range (epoch ms, see day-range.ts). */
export interface HeatmapQuery {
  site: string;
  url: string;
  device: Device;
  from?: string;
  to?: string;
  /** A survey segment: only sessions that answered it (scoring at most scoreMax). */
  survey?: string;
  scoreMax?: number;
}

export interface HeatmapPage {
  /** The page's URL without fragment, keeping only the site's pageQueryKeys parameters, as the server keys pages. */
  page: string;
  pageViews: number;
}

/** The page as recorded: a Meta event and one FullSnapshot, for rrweb's Replayer. */
export interface PageSnapshot {
  events: eventWithTime[];
  /** The recorded document's size. */
  width: number;
  height: number;
  session: string;
  ts: number;
}

/**
 * A click with where inside its element it landed (percent of the element's box).
 * Over many clicks the server sends an even sample; `weight` is how many clicks each stands for.
 */
export interface ClickPoint {
  x: number;
  y: number;
  selector: string;
  offsetX: number;
  offsetY: number;
  /** Width of the document it was clicked in; 0 when unknown. */
  docWidth: number;
  rage: boolean;
  dead: boolean;
  weight: number;
}

/** One of the newest rage or dead clicks, placed like a point, linked to its replay moment. */
export interface FrustratedClick extends Omit<ClickPoint, 'weight'> {
  session: string;
  ts: number;
}

export interface ClickHeatmap {
  width: number;
  height: number;
  totals: { clicks: number; rage: number; dead: number; pageViews: number };
  top: { selector: string; clicks: number; share: number }[];
  frustrated: FrustratedClick[];
  points: ClickPoint[];
}

export interface ScrollMap {
  /** Depth 0, 5, ..., 100 (percent of the document) and the share of page views that reached it. */
  bands: { depth: number; share: number }[];
  /** Average first screen as a share of the document, 0..1. */
  fold: number;
  pageViews: number;
}

export interface AuditPage {
  entries: AuditRow[];
  /** 'intact', or 'broken at row N' for the first row whose hash does not follow from the one before. */
  chain: string;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** false for sign-in, where a 401 means "wrong token", not "signed out". */
  announceSignedOut?: boolean;
}

async function request(path: string, o: RequestOptions = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: o.method ?? 'GET',
      credentials: 'same-origin',
      headers: o.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: o.body === undefined ? null : JSON.stringify(o.body),
      signal: o.signal ?? null,
    });
  } catch (err) {
    if (o.signal?.aborted) throw err;
    throw new ApiError(0, 'network', 'Could not reach the Einblick server. Check that it is running, then try again.');
  }
  if (res.ok) return res;
  const error = await errorFrom(res);
  if (res.status === 401 && o.announceSignedOut !== false) window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
  throw error;
}

async function errorFrom(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as Partial<ErrorBody>;
    if (body.error && typeof body.error.message === 'string') return new ApiError(res.status, body.error.code, body.error.message, body.error.details);
  } catch {
    // Not our JSON error shape (a proxy's HTML page, say): fall through to a generic message.
  }
  return new ApiError(res.status, `http_${res.status}`, `The server answered ${[res.status, res.statusText].filter(Boolean).join(' ')}.`);
}

async function json<T>(path: string, o?: RequestOptions): Promise<T> {
  return (await (await request(path, o)).json()) as T;
}

function queryString(filter: object): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function signIn(token: string): Promise<void> {
  await request('/auth/login', { method: 'POST', body: { token }, announceSignedOut: false });
}

export async function signOut(): Promise<void> {
  await request('/auth/logout', { method: 'POST', announceSignedOut: false });
}

/** Who is signed in, or null when nobody is. */
export async function whoAmI(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await json<Me>('/auth/me', { signal, announceSignedOut: false });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function listSites(signal?: AbortSignal): Promise<SiteSummary[]> {
  return (await json<{ sites: SiteSummary[] }>('/sites', { signal })).sites;
}

export function listSessions(filter: SessionFilter, signal?: AbortSignal): Promise<SessionList> {
  return json<SessionList>(`/sessions${queryString(filter)}`, { signal });
}

/** Replaces the session's tags; answers the tags as stored. */
export async function setSessionTags(id: string, tags: string[]): Promise<string[]> {
  return (await json<{ tags: string[] }>(`/sessions/${encodeURIComponent(id)}/tags`, { method: 'PUT', body: { tags } })).tags;
}

export async function listTags(site: string, signal?: AbortSignal): Promise<TagCounts['tags']> {
  return (await json<TagCounts>(`/tags${queryString({ site })}`, { signal })).tags;
}

export async function listSegments(site: string, signal?: AbortSignal): Promise<Segment[]> {
  return (await json<{ segments: Segment[] }>(`/segments${queryString({ site })}`, { signal })).segments;
}

/** `filters`: the list's query without site, limit and cursor. */
export async function saveSegment(site: string, name: string, filters: Omit<SessionFilter, 'site' | 'limit' | 'cursor'>): Promise<number> {
  return (await json<{ id: number }>('/segments', { method: 'POST', body: { site, name, filters } })).id;
}

export function getSession(id: string, signal?: AbortSignal): Promise<SessionDetail> {
  return json<SessionDetail>(`/sessions/${encodeURIComponent(id)}`, { signal });
}

/** Researchers' notes on the session's moments, in replay order. */
export async function listNotes(sessionId: string, signal?: AbortSignal): Promise<Note[]> {
  return (await json<{ notes: Note[] }>(`/sessions/${encodeURIComponent(sessionId)}/notes`, { signal })).notes;
}

export function addNote(sessionId: string, note: NewNote): Promise<Note> {
  return json<Note>(`/sessions/${encodeURIComponent(sessionId)}/notes`, { method: 'POST', body: note });
}

export async function deleteNote(noteId: string): Promise<void> {
  await request(`/notes/${encodeURIComponent(noteId)}`, { method: 'DELETE' });
}

/** Which assets the replay uses and whether each was captured (server/routes/assets.ts). */
export function getSessionAssets(id: string, signal?: AbortSignal): Promise<SessionAssets> {
  return json<SessionAssets>(`/sessions/${encodeURIComponent(id)}/assets`, { signal });
}

/** Part of a session's events: from the full snapshot nearest before a moment to the next snapshot. */
export interface ReplaySegment {
  events: eventWithTime[];
  /** The moment asked for (epoch ms). */
  from: number;
  /** The segment's first event; null when the session has no snapshot and this is the whole stream. */
  start: number | null;
  /** Where the next segment begins; null for the last one. */
  end: number | null;
  /** Asked for its head only (`until`) and cut short: where the rest of the segment begins. */
  until: number | null;
}

/** The URL of a segment; server/http/viewer-page.ts preloads the first one's, so the two must agree. */

export async function getReplaySegment(id: string, from: number, signal?: AbortSignal, until?: number): Promise<ReplaySegment> {
  const at = Math.max(0, Math.floor(from));
  const res = await request(replaySegmentPath(id, at, until === undefined ? undefined : Math.max(0, Math.floor(until))), { signal });
  const header = (name: string) => (res.headers.get(name) === null ? null : Number(res.headers.get(name)));
  return { events: defuseRecordedRequests((await res.json()) as eventWithTime[]), from: at, start: header('Einblick-Segment-Start'), end: header('Einblick-Segment-End'), until: header('Einblick-Segment-Until') };
}

export async function lookupVisitors(by: LookupBy, value: string, signal?: AbortSignal): Promise<Visitor[]> {
  return (await json<{ visitors: Visitor[] }>(`/privacy/lookup${queryString({ [by]: value })}`, { signal })).visitors;
}

/** A plain link target: the browser downloads it with the login cookie, streamed, never held in memory here. */
export function visitorExportHref(visitorId: string, format: 'json' | 'zip' = 'json'): string {
  return `/api/v1/privacy/visitors/${encodeURIComponent(visitorId)}/export${format === 'zip' ? '?format=zip' : ''}`;
}

export async function eraseVisitor(visitorId: string): Promise<VisitorErasure> {
  return (await json<{ erased: VisitorErasure }>(`/privacy/visitors/${encodeURIComponent(visitorId)}`, { method: 'DELETE' })).erased;
}

export function listAudit(filter: AuditFilter, signal?: AbortSignal): Promise<AuditPage> {
  return json<AuditPage>(`/audit${queryString(filter)}`, { signal });
}

/** What a recording of a page would hold (POST /api/v1/privacy/preview). */
export interface PagePreview {
  url: string;
  finalUrl: string;
  privacy: 'strict' | 'balanced';
  storedUrl: string | null;
  pageScreenshot: string;
  replayScreenshot: string;
  unmasked: { kind: 'text' | 'attribute'; element: string; attribute?: string; text: string }[];
  counts: { texts: number; masked: number; unmasked: number };
}

export function previewPage(url: string, privacy: 'strict' | 'balanced', signal?: AbortSignal): Promise<PagePreview> {
  return json<PagePreview>('/privacy/preview', { method: 'POST', body: { url, privacy }, signal });
}

export function auditCsvHref(filter: AuditFilter): string {
  return `/api/v1/audit${queryString({ ...filter, format: 'csv' })}`;
}

export async function listHeatmapPages(q: Omit<HeatmapQuery, 'url'>, signal?: AbortSignal): Promise<HeatmapPage[]> {
  return (await json<{ pages: HeatmapPage[] }>(`/heatmaps/pages${queryString(q)}`, { signal })).pages;
}

export async function getPageSnapshot(q: HeatmapQuery, signal?: AbortSignal): Promise<PageSnapshot> {
  const snapshot = await json<PageSnapshot>(`/heatmaps/snapshot${queryString(q)}`, { signal });
  // The page under a heatmap, like a replay, loads the assets captured for its session, never the site's.
  const { assets } = await getSessionAssets(snapshot.session, signal).catch((err: unknown) => (isAbortError(err) ? Promise.reject(err) : { assets: [] }));
  return { ...snapshot, events: useCapturedAssets(defuseRecordedRequests(snapshot.events), assets) };
}

export function getClickHeatmap(q: HeatmapQuery, signal?: AbortSignal): Promise<ClickHeatmap> {
  return json<ClickHeatmap>(`/heatmaps/clicks${queryString(q)}`, { signal });
}

export function getScrollMap(q: HeatmapQuery, signal?: AbortSignal): Promise<ScrollMap> {
  return json<ScrollMap>(`/heatmaps/scroll${queryString(q)}`, { signal });
}

/** A session with clicks on one element of a heatmap's page; `at` is its first such click, in ms into its replay. */
export interface ElementSession {
  id: string;
  at: number;
  clicks: number;
}

export async function listElementSessions(q: HeatmapQuery, selector: string, signal?: AbortSignal): Promise<ElementSession[]> {
  return (await json<{ sessions: ElementSession[] }>(`/heatmaps/element-sessions${queryString({ ...q, selector })}`, { signal })).sessions;
}

/** The server-rendered PNG of a layer, as a plain download link. */
export function heatmapPngHref(layer: 'clicks' | 'scroll', q: HeatmapQuery): string {
  return `/api/v1/heatmaps/${layer}.png${queryString(q)}`;
}

/** `POST /surveys` as the viewer's form sends it (the server fills in defaults). */
export type SurveyDraft = Omit<NewSurvey, 'trigger' | 'capDays' | 'sample'> & Partial<Pick<NewSurvey, 'trigger' | 'capDays' | 'sample'>>;

export interface SurveyResultsFilter {
  from?: string;
  to?: string;
  url?: string;
  device?: string;
  theme?: string;
  sentiment?: string;
}

export async function listSurveys(site: string | undefined, signal?: AbortSignal): Promise<Survey[]> {
  return (await json<{ surveys: Survey[] }>(`/surveys${queryString({ site })}`, { signal })).surveys;
}

export function setSiteWebhook(site: string, webhookUrl: string | null): Promise<{ key: string; webhookUrl: string | null }> {
  return json(`/sites/${encodeURIComponent(site)}`, { method: 'PATCH', body: { webhookUrl } });
}

/** `POST /sites`: the new site with its key, for data-site. */
export function createSite(site: { name: string; origins: string[]; retentionDays: number; privacy: 'strict' | 'balanced'; safeImages?: string[] }): Promise<SiteSummary> {
  return json<SiteSummary>('/sites', { method: 'POST', body: site });
}

/** `PATCH /sites/:key` with the settings that changed; answers the site as it now is. */
export function changeSite(key: string, change: SiteChange): Promise<SiteSummary> {
  return json<SiteSummary>(`/sites/${encodeURIComponent(key)}`, { method: 'PATCH', body: change });
}

/** The query parameters that make a page of the site distinct; the server re-keys stored pages in the background. */
export function setPageQueryKeys(site: string, pageQueryKeys: string[]): Promise<{ key: string; pageQueryKeys: string[] }> {
  return json(`/sites/${encodeURIComponent(site)}`, { method: 'PATCH', body: { pageQueryKeys } });
}

export function createSurvey(draft: SurveyDraft): Promise<Survey> {
  return json<Survey>('/surveys', { method: 'POST', body: draft });
}

export function setSurveyActive(id: string, active: boolean): Promise<Survey> {
  return json<Survey>(`/surveys/${encodeURIComponent(id)}`, { method: 'PATCH', body: { active } });
}

/** A researcher's reading of an answer's comment (PATCH /surveys/answers/:id). */
export function correctAnswer(id: string, correction: AnswerCorrection): Promise<AnswerCorrected> {
  return json<AnswerCorrected>(`/surveys/answers/${encodeURIComponent(id)}`, { method: 'PATCH', body: correction });
}

export function getSurveyResults(id: string, filter: SurveyResultsFilter, signal?: AbortSignal): Promise<SurveyResults> {
  return json<SurveyResults>(`/surveys/${encodeURIComponent(id)}/results${queryString(filter)}`, { signal });
}

/** What `GET /live` pushes as an `answer` event. */
export interface LiveAnswer {
  id: string;
  survey: string;
  site: string;
  kind: SurveyKind;
  score: number;
  comment: string | null;
  ts: number;
  url: string;
  device: Device;
  session: string | null;
  /** How the comment reads and what it is about (null and [] without a comment). */
  sentiment: Sentiment | null;
  themes: CommentTheme[];
}

export interface LiveHandlers {
  session?(s: SessionSummary): void;
  answer?(a: LiveAnswer): void;
}

/**
 * Listens to `GET /live` (Server-Sent Events, with the login cookie) until `signal`
 * aborts. EventSource reconnects by itself after a dropped connection.
 */
export function listenLive(site: string | undefined, handlers: LiveHandlers, signal: AbortSignal): void {
  if (signal.aborted || typeof EventSource === 'undefined') return;
  const source = new EventSource(`/api/v1/live${queryString({ site })}`);
  const on = <T>(event: string, handle: ((data: T) => void) | undefined) => {
    if (handle) source.addEventListener(event, (e) => handle(JSON.parse((e as MessageEvent<string>).data) as T));
  };
  on('session', handlers.session);
  on('answer', handlers.answer);
  signal.addEventListener('abort', () => source.close(), { once: true });
}

/** Where the server's scan caught personal data that the browser's masking let through. */
export function listLeaks(site: string, signal?: AbortSignal): Promise<LeakList> {
  return json<LeakList>(`/privacy/leaks${queryString({ site })}`, { signal });
}

export async function listTokens(signal?: AbortSignal): Promise<TokenInfo[]> {
  return (await json<{ tokens: TokenInfo[] }>('/tokens', { signal })).tokens;
}

/** The new token's secret is in the answer only: the server keeps its hash. */
export function createToken(role: Role, label: string): Promise<{ token: string; role: Role; label: string }> {
  return json('/tokens', { method: 'POST', body: { role, label } });
}

export function revokeToken(id: number): Promise<TokenInfo> {
  return json<TokenInfo>(`/tokens/${id}`, { method: 'DELETE' });
}

const isAbortError = (err: unknown): boolean => err instanceof DOMException && err.name === 'AbortError';
