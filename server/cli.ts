// npx einblick <command>: the server and the admin chores that need no browser.
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { configFromEnv } from './config.ts';
import { openStore } from './store/index.ts';
import { createToken } from './auth.ts';
import { NewSite, Role } from './schemas.ts';
import { randomBytes } from 'node:crypto';

const USAGE = `Usage: npx einblick <command>

  serve                                   start the server (same as npm start, without the build)
  token create --role R [--label L]       create a token (researcher, privacy or admin); printed once
  site add --name N [--origin URL]...     register a site; prints its key for data-site
           [--privacy strict|balanced] [--retention DAYS]

Configuration comes from the environment: PORT, DATA_DIR, EINBLICK_ADMIN_TOKEN (see README).`;

function fail(message: string): never {
  console.error(`einblick: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function openConfiguredStore() {
  const config = configFromEnv();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return openStore(config.dbFile);
}

const [command, sub, ...rest] = process.argv.slice(2);

switch (command) {
  case 'serve':
    await import('./main.ts');
    break;
  case 'token': {
    if (sub !== 'create') fail('token: the only subcommand is "create"');
    const { values } = parseArgs({ args: rest, options: { role: { type: 'string' }, label: { type: 'string' } } });
    const role = Role.safeParse(values.role);
    if (!role.success) fail('--role must be researcher, privacy or admin');
    const store = openConfiguredStore();
    const token = createToken(store, role.data, values.label ?? `${role.data} (cli)`);
    store.close();
    console.log(token);
    break;
  }
  case 'site': {
    if (sub !== 'add') fail('site: the only subcommand is "add"');
    const { values } = parseArgs({
      args: rest,
      options: { name: { type: 'string' }, origin: { type: 'string', multiple: true }, privacy: { type: 'string' }, retention: { type: 'string' } },
    });
    const site = NewSite.safeParse({
      name: values.name,
      origins: values.origin ?? [],
      ...(values.privacy ? { privacy: values.privacy } : {}),
      ...(values.retention ? { retentionDays: Number(values.retention) } : {}),
    });
    if (!site.success) fail(site.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const store = openConfiguredStore();
    const created = store.createSite(randomBytes(12).toString('base64url'), site.data);
    store.close();
    console.log(`Site "${created.name}" created. Put this on your pages:\n<script src="https://YOUR-EINBLICK-HOST/einblick.js" data-site="${created.key}" defer></script>`);
    break;
  }
  case undefined:
  case 'help':
  case '--help':
    console.log(USAGE);
    break;
  default:
    fail(`unknown command "${command}"`);
}
