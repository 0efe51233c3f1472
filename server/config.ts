// The one place that reads the environment. Everything else receives a Config.
import { z } from 'zod';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isIP } from 'node:net';
import type { RateLimit } from './http/rate-limit.ts';
import { DEFAULT_ASSETS, type AssetsConfig } from './assets/assets-config.ts';
import { blobStoreFromEnv, type S3Config } from './store/blobs/blob-config.ts';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().max(255).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** postgres://…: every row in PostgreSQL instead of DATA_DIR's SQLite file; any number of nodes may share it. */
  DATABASE_URL: z.string().max(2000).regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL').optional(),
  /**
   * The key of the keyed hashes of customer ids, base64 of at least 32 random bytes
   * (openssl rand -base64 32). Unset: DATA_DIR/secret.key, made on first start; with
   * DATABASE_URL, a key kept in the database that every node reads (set this to keep it apart).
   */
  EINBLICK_SECRET_KEY: z.string().max(200).refine((v) => Buffer.from(v, 'base64').length >= 32, 'EINBLICK_SECRET_KEY must be base64 of at least 32 bytes (openssl rand -base64 32)').optional(),
  EINBLICK_ADMIN_TOKEN: z.string().min(16, 'EINBLICK_ADMIN_TOKEN must be at least 16 characters').max(200).optional(),
  /** Public base URL, used in printed links; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /**
   * Which proxies' X-Forwarded-For to believe, so rate limits key on the visitor's
   * address and not the proxy's: a hop count ("1"), or a comma list of addresses, CIDR
   * ranges and Express's names (loopback, linklocal, uniquelocal). Unset: none.
   */
  TRUST_PROXY: z.string().max(1000).optional(),
  /** Set to "1" when the server sits behind a TLS-terminating proxy, so cookies are Secure. */
  SECURE_COOKIES: z.enum(['0', '1']).default('0'),
  /** "1" mounts POST /bench/noop, the baseline route of `npm run loadtest`. */
  EINBLICK_BENCH_NOOP: z.enum(['0', '1']).default('0'),
  /** Public requests per second per client address (bursts of three times as many). */
  EINBLICK_RATE_PER_CLIENT: z.coerce.number().positive().max(1e6).default(20),
  /** Public requests per second per site. */
  EINBLICK_RATE_PER_SITE: z.coerce.number().positive().max(1e6).default(1000),
  /** The Chromium the privacy preview drives; default /usr/bin/chromium when it exists. */
  CHROMIUM_PATH: z.string().min(1).max(1024).optional(),
  /** "0": heatmap PNGs are drawn on a page outline instead of a screenshot of the recorded page (rendered by CHROMIUM_PATH). */
  EINBLICK_SCREENSHOTS: z.enum(['0', '1']).default('1'),
  /** "0" silences the request log. */
  LOG_REQUESTS: z.enum(['0', '1']).default('1'),
  /** After SIGTERM, ms the server keeps serving while /readyz says 503, so a load balancer stops sending first. */
  EINBLICK_DRAIN_MS: z.coerce.number().int().min(0).max(120_000).default(5000),
  /** First retry of a failed survey webhook call after this many ms, doubling each time. */
  EINBLICK_WEBHOOK_RETRY_MS: z.coerce.number().int().min(10).max(3_600_000).optional(),
  /** Attempts per webhook call before giving up (each failure is logged). */
  EINBLICK_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(50).optional(),
  /** "1" lets webhooks go to loopback, private and link-local addresses (tests, intranets); never to cloud metadata. */
  EINBLICK_WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** "1" lets the server's Chromium reach registered site origins whose names resolve to private addresses (intranets). */
  EINBLICK_BROWSER_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** "1" lets the capture of recorded pages' assets fetch from loopback and private addresses (intranets); never cloud metadata. */
  EINBLICK_ASSETS_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** Comma list of origins whose assets may be fetched although on a private address (an intranet CDN). */
  EINBLICK_ASSETS_PRIVATE_ORIGINS: z.string().max(4000).default(''),
  /** "0" turns off the server's second line of masking (the PII scan of every chunk). */
  EINBLICK_PII_SCAN: z.enum(['0', '1']).default('1'),
  /** Worker threads for the PII scan; defaults to one less than the cores, at least one. */
  EINBLICK_PII_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
});

export interface Limits {
  /** Bytes on the wire per ingest request. */
  bodyBytes: number;
  /** Bytes after decompression: a gzip bomb is cut off here while inflating. */
  inflatedBytes: number;
  /** Public requests per client address. A recorder sends about one every five seconds. */
  perClient: RateLimit;
  /** Public requests per site, all its visitors together. */
  perSite: RateLimit;
}

export interface WebhookConfig {
  retryBaseMs: number;
  maxAttempts: number;
  /** How often due deliveries are looked for. */
  pollMs: number;
  /** One call, connection to last byte; a slow receiver delays only its own site's calls. */
  timeoutMs: number;
  /** Sites whose calls are under way at once. */
  parallelSites: number;
  /** May a webhook go to loopback, private or link-local addresses? (Never to cloud metadata.) */
  allowPrivate: boolean;
}

export const DEFAULT_WEBHOOK: WebhookConfig = { retryBaseMs: 5000, maxAttempts: 8, pollMs: 500, timeoutMs: 10_000, parallelSites: 8, allowPrivate: false };
export interface PiiScanConfig {
  /** Scan every chunk's recorded text for personal data before it is stored. */
  enabled: boolean;
  /** Worker threads that do it, off the event loop. */
  workers: number;
}

export const defaultPiiScan = (): PiiScanConfig => ({ enabled: true, workers: Math.max(1, availableParallelism() - 1) });

/** Express's 'trust proxy': false, a hop count, or the addresses and ranges to trust. */
export type TrustProxy = false | number | string[];

const TRUSTED_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? '';
  if (v === '' || v === '0' || v === 'false') return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const entries = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const ipVersion = isIP(address ?? '');
    const maxBits = ipVersion === 6 ? 128 : 32;
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!TRUSTED_NAMES.has(entry) && (!ipVersion || !validBits || extra !== undefined)) {
      throw new Error(`Invalid configuration:\n  TRUST_PROXY: "${entry}" is not a hop count, an address, a CIDR range or one of loopback, linklocal, uniquelocal`);
    }
  }
  return entries;
}

function parseOrigins(list: string): string[] {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((o) => {
    try {
      return new URL(o).origin;
    } catch {
      throw new Error(`Invalid configuration:\n  EINBLICK_ASSETS_PRIVATE_ORIGINS: "${o}" is not an origin such as http://10.0.0.5:8080`);
    }
  });
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  secretFile: string;
  /** Set: the rows are in this PostgreSQL database, not in dbFile. */
  databaseUrl: string | undefined;
  /** The keyed-hash key from the environment; undefined: secretFile's. */
  secretKey: Buffer | undefined;
  /** Set (BLOB_STORE_URL and the AWS_* variables): chunk blobs are kept in this bucket, not in the database. */
  blobStore: S3Config | null;
  adminToken: string | undefined;
  publicUrl: string | undefined;
  trustProxy: TrustProxy;
  secureCookies: boolean;
  logRequests: boolean;
  /** Mounts the benchmarks' no-op baseline route. */
  benchNoop: boolean;
  /** After SIGTERM: how long /readyz says 503 while requests are still served. */
  drainMs: number;
  /** Chromium for the privacy preview; undefined: Playwright's own, if installed. */
  chromiumPath: string | undefined;
  /** May that Chromium reach registered site origins whose names resolve to private addresses? */
  browserPrivateSites: boolean;
  limits: Limits;
  webhook: WebhookConfig;
  /** Heatmap PNGs over a screenshot of the recorded page, rendered by `chromiumPath`. */
  screenshots: boolean;
  piiScan: PiiScanConfig;
  /** Capture of recorded pages' stylesheets, fonts and images (server/assets/). */
  assets: AssetsConfig;
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 1024 * 1024,
  inflatedBytes: 8 * 1024 * 1024,
  perClient: { perSecond: 20, burst: 60 },
  perSite: { perSecond: 1000, burst: 3000 },
};

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const rate = (perSecond: number) => ({ perSecond, burst: perSecond * 3 });
  const blobStore = blobStoreFromEnv(env);
  return makeConfig({ blobStore, databaseUrl: e.DATABASE_URL, secretKey: e.EINBLICK_SECRET_KEY ? Buffer.from(e.EINBLICK_SECRET_KEY, 'base64') : undefined, limits: { perClient: rate(e.EINBLICK_RATE_PER_CLIENT), perSite: rate(e.EINBLICK_RATE_PER_SITE) }, port: e.PORT, host: e.HOST, dataDir: e.DATA_DIR, adminToken: e.EINBLICK_ADMIN_TOKEN, publicUrl: e.PUBLIC_URL, trustProxy: parseTrustProxy(e.TRUST_PROXY), secureCookies: e.SECURE_COOKIES === '1', logRequests: e.LOG_REQUESTS === '1', benchNoop: e.EINBLICK_BENCH_NOOP === '1', drainMs: e.EINBLICK_DRAIN_MS, webhook: { ...(e.EINBLICK_WEBHOOK_RETRY_MS ? { retryBaseMs: e.EINBLICK_WEBHOOK_RETRY_MS } : {}), ...(e.EINBLICK_WEBHOOK_ATTEMPTS ? { maxAttempts: e.EINBLICK_WEBHOOK_ATTEMPTS } : {}), allowPrivate: e.EINBLICK_WEBHOOK_ALLOW_PRIVATE === '1' }, chromiumPath: e.CHROMIUM_PATH, browserPrivateSites: e.EINBLICK_BROWSER_ALLOW_PRIVATE === '1', screenshots: e.EINBLICK_SCREENSHOTS === '1', piiScan: { enabled: e.EINBLICK_PII_SCAN === '1', ...(e.EINBLICK_PII_WORKERS ? { workers: e.EINBLICK_PII_WORKERS } : {}) }, assets: { allowPrivate: e.EINBLICK_ASSETS_ALLOW_PRIVATE === '1', privateOrigins: parseOrigins(e.EINBLICK_ASSETS_PRIVATE_ORIGINS) } });
}

export function makeConfig(o: { blobStore?: S3Config | null; databaseUrl?: string | undefined; secretKey?: Buffer | undefined; port: number; host?: string; dataDir: string; adminToken?: string | undefined; publicUrl?: string | undefined; trustProxy?: TrustProxy; secureCookies?: boolean; logRequests?: boolean; benchNoop?: boolean; drainMs?: number; limits?: Partial<Limits>; webhook?: Partial<WebhookConfig>; chromiumPath?: string | undefined; browserPrivateSites?: boolean; screenshots?: boolean; piiScan?: Partial<PiiScanConfig>; assets?: Partial<AssetsConfig> }): Config {
  const dataDir = path.resolve(o.dataDir);
  return {
    port: o.port,
    host: o.host ?? '0.0.0.0',
    dataDir,
    dbFile: path.join(dataDir, 'einblick.db'),
    // Kept beside, not inside, the database: a copy of the .db file alone cannot
    // reverse the keyed hashes of external ids.
    secretFile: path.join(dataDir, 'secret.key'),
    databaseUrl: o.databaseUrl,
    secretKey: o.secretKey,
    blobStore: o.blobStore ?? null,
    adminToken: o.adminToken,
    publicUrl: o.publicUrl,
    trustProxy: o.trustProxy ?? false,
    secureCookies: o.secureCookies ?? false,
    logRequests: o.logRequests ?? false,
    benchNoop: o.benchNoop ?? false,
    drainMs: o.drainMs ?? 0,
    chromiumPath: o.chromiumPath ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    browserPrivateSites: o.browserPrivateSites ?? false,
    limits: { ...DEFAULT_LIMITS, ...o.limits },
    webhook: { ...DEFAULT_WEBHOOK, ...o.webhook },
    screenshots: o.screenshots ?? true,
    piiScan: { ...defaultPiiScan(), ...o.piiScan },
    assets: { ...DEFAULT_ASSETS, ...o.assets },
  };
}
