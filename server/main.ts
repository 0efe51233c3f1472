// `npm start`: read the configuration, start the server, say where to go.
import { configFromEnv } from './config.ts';
import { startServer, type RunningServer } from './server.ts';
import { MigrationError } from './store/migrate.ts';
import { SecretMismatchError } from './store/postgres/secret-fingerprint.ts';
import { redactedUrl } from './store/postgres/redacted-url.ts';
import { S3Error } from './store/blobs/s3.ts';

/** The database refused or could not be reached: an operator's problem, said in one line. */
const isConnectionError = (err: unknown): boolean =>
  ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', '28P01', '28000', '3D000'].includes((err as { code?: string }).code ?? '');

/** How long requests in flight (a chunk being stored) get once no new ones are taken; live streams are then cut. */
const IN_FLIGHT_MS = 10_000;

const config = configFromEnv();
let server: RunningServer;
try {
  server = await startServer(config);
} catch (err) {
  // What an operator can act on gets one line, not a stack trace.
  if (err instanceof MigrationError || err instanceof SecretMismatchError || err instanceof S3Error) console.error(`Einblick did not start: ${err.message}`);
  else if (config.databaseUrl && isConnectionError(err)) console.error(`Einblick did not start: PostgreSQL at ${redactedUrl(config.databaseUrl)} did not answer (${(err as Error).message}).`);
  else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') console.error(`Einblick did not start: port ${config.port} on ${config.host} is in use. Stop what listens there or set PORT.`);
  else throw err;
  process.exit(1);
}

console.log(`Einblick is running.
  Viewer:   ${server.url}/viewer/
  Demo:     ${server.url}/demo
  Data:     ${server.store.backend === 'postgres' ? server.store.location : config.dataDir}`);
if (server.firstStart.newAdminToken) {
  console.log(`  Admin token (shown once, keep it safe): ${server.firstStart.newAdminToken}`);
} else if (!config.adminToken) {
  console.log('  Admin token: created on first start. Make a new one with: npx einblick token create --role admin');
} else {
  console.log('  Admin token: from EINBLICK_ADMIN_TOKEN');
}

// SIGTERM (systemd, docker stop, an orchestrator) drains: not ready first, then stop.
// Ctrl-C at a terminal stops at once.
process.once('SIGTERM', () => {
  console.log(`Einblick is stopping: /readyz answers 503; requests are served ${config.drainMs / 1000} s more, then those in flight finish.`);
  void server.drain(config.drainMs, IN_FLIGHT_MS).then(() => process.exit(0));
});
process.once('SIGINT', () => {
  void server.close().then(() => process.exit(0));
});
