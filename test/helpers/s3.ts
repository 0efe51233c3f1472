// A real S3-compatible server (s3rver) on a free port over a temp directory, with one
// bucket: what the blob store's tests talk to instead of AWS. It runs in a child process
// (see s3rver-main.ts for why), which also keeps its disk work off the tests' event loop.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** s3rver's files: each object is a `<key>._S3rver_object` file (the backends bench sums them). */
  directory: string;
  /** What a server would be started with to keep its blobs here (no prefix). */
  env: Record<string, string>;
  close(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./s3rver-main.ts', import.meta.url));

export async function startS3(bucket = 'einblick-test'): Promise<TestS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 'einblick-s3-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', MAIN, directory, bucket], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([once(lines, 'line'), exited.then(([code]) => Promise.reject(new Error(`s3rver exited with ${String(code)} before it listened`)))]);
  const { port } = JSON.parse(String(first[0])) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    directory,
    // s3rver's one built-in account.
    env: { BLOB_STORE_URL: `s3://${bucket}`, AWS_ENDPOINT_URL_S3: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' },
    async close() {
      child.stdin.end();
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
