// `npm start`: read the configuration, start the server, say where to go.
import { configFromEnv } from './config.ts';
import { startServer } from './server.ts';

const config = configFromEnv();
const server = await startServer(config);

console.log(`Einblick is running.
  Viewer:   ${server.url}/viewer/
  Demo:     ${server.url}/demo
  Data:     ${config.dataDir}`);
if (server.firstStart.newAdminToken) {
  console.log(`  Admin token (shown once, keep it safe): ${server.firstStart.newAdminToken}`);
} else if (!config.adminToken) {
  console.log('  Admin token: created on first start. Make a new one with: npx einblick token create --role admin');
} else {
  console.log('  Admin token: from EINBLICK_ADMIN_TOKEN');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
