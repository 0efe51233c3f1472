// The real server as a child process (npm start without the build), so a test can
// kill it the hard way and start it again on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** SIGKILL: no shutdown code runs, as in a crash or power cut. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChildServer(env: { port: number; dataDir: string; adminToken: string; extraEnv?: Record<string, string> }): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(env.port), HOST: '127.0.0.1', DATA_DIR: env.dataDir, EINBLICK_ADMIN_TOKEN: env.adminToken, LOG_REQUESTS: '0', ...env.extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d));
  child.stderr?.on('data', (d: Buffer) => (output += d));
  const url = `http://127.0.0.1:${env.port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (const until = Date.now() + 20_000; ; ) {
    if (child.exitCode !== null) throw new Error(`the server exited at start:\n${output}`);
    try {
      if ((await fetch(url + '/healthz')).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`the server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    process: child,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
