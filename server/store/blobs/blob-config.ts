// BLOB_STORE_URL=s3://BUCKET[/PREFIX] and the standard AWS_* variables, read into one
// config. Credentials come from the environment only (no instance profile, no files):
// the same four variables every S3-compatible store documents.
import { z } from 'zod';

export interface S3Config {
  bucket: string;
  /** '' or segments ending in '/', put before every key. */
  prefix: string;
  /** Path-style requests go here when set (MinIO, Ceph, R2...); otherwise AWS's virtual-hosted URL. */
  endpoint: string | null;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | null;
}

// Unset and empty are the same: compose files and CI often pass VAR= for "not set".
const optional = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t.optional());

const Env = z.object({
  BLOB_STORE_URL: optional(z.string().max(1100)),
  AWS_ENDPOINT_URL_S3: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  AWS_ENDPOINT_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  AWS_REGION: optional(z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a region name such as eu-central-1')),
  AWS_DEFAULT_REGION: optional(z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a region name such as eu-central-1')),
  AWS_ACCESS_KEY_ID: optional(z.string().max(256)),
  AWS_SECRET_ACCESS_KEY: optional(z.string().max(256)),
  AWS_SESSION_TOKEN: optional(z.string().max(4096)),
});

// S3's rules for new buckets; path-style endpoints (MinIO, Ceph) follow them too.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// S3's "safe characters" for key names, so a prefix never needs care in a URL or in XML.
const PREFIX_SEGMENT = /^[A-Za-z0-9!_.*'()-]+$/;

const fail = (message: string): never => {
  throw new Error(`Invalid configuration: ${message}`);
};

function parseUrl(url: string): { bucket: string; prefix: string } {
  // Never echoed: a mistaken value might hold a credential.
  const m = /^s3:\/\/([^/?#]+)(?:\/([^?#]*))?$/.exec(url);
  if (!m) return fail('BLOB_STORE_URL must look like s3://BUCKET or s3://BUCKET/PREFIX');
  const bucket = m[1]!;
  if (bucket.includes('@')) return fail('BLOB_STORE_URL must not hold credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  if (!BUCKET.test(bucket) || bucket.includes('..')) return fail('BLOB_STORE_URL: the bucket name must be 3-63 lowercase letters, digits, dots and hyphens');
  const segments = (m[2] ?? '').split('/').filter((s) => s !== '');
  for (const s of segments) {
    if (!PREFIX_SEGMENT.test(s) || s === '.' || s === '..') return fail("BLOB_STORE_URL: the prefix may hold only letters, digits and !_.*'()- between slashes");
  }
  return { bucket, prefix: segments.map((s) => `${s}/`).join('') };
}

/** The blob store's config, or null when BLOB_STORE_URL is not set; throws one line on a bad value. */
export function blobStoreFromEnv(env: NodeJS.ProcessEnv = process.env): S3Config | null {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(`${issue.path.join('.')} ${issue.message}`);
  }
  const e = parsed.data;
  if (e.BLOB_STORE_URL === undefined) return null;
  const { bucket, prefix } = parseUrl(e.BLOB_STORE_URL);
  if (!e.AWS_ACCESS_KEY_ID || !e.AWS_SECRET_ACCESS_KEY) return fail('BLOB_STORE_URL needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  // The service's own variable wins over the global one, as in the AWS SDKs and CLI.
  const endpoint = (e.AWS_ENDPOINT_URL_S3 ?? e.AWS_ENDPOINT_URL)?.replace(/\/+$/, '') ?? null;
  if (endpoint && /[?#]/.test(endpoint)) return fail('AWS_ENDPOINT_URL_S3 must not hold a query or fragment');
  // Never echoed in messages and logs, so it must hold no credential: those go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
  if (endpoint && /^[a-z]+:\/\/[^/]*@/i.test(endpoint)) return fail('AWS_ENDPOINT_URL_S3 must not hold credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  const region = e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? (endpoint ? 'us-east-1' : fail('BLOB_STORE_URL on AWS needs AWS_REGION (or set AWS_ENDPOINT_URL_S3 for another store)'));
  // A dotted bucket's virtual-hosted name does not match AWS's TLS certificate.
  if (!endpoint && bucket.includes('.')) return fail(`BLOB_STORE_URL: a bucket name with dots needs path-style requests: set AWS_ENDPOINT_URL_S3=https://s3.${region}.amazonaws.com`);
  return { bucket, prefix, endpoint, region, accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY, sessionToken: e.AWS_SESSION_TOKEN ?? null };
}
