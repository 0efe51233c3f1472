// npx einblick <command>: the server and the admin chores that need no browser.
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configFromEnv } from '../config.ts';
import { openConfiguredStore as openStoreOf } from '../store/open-store.ts';
import type { SqliteStore } from '../store/index.ts';
import { createToken } from '../http/auth.ts';
import { NewSite, NewToken, PreviewRequest, Role, TokenId } from '../../contract/schemas/index.ts';
import { formatTokenList } from './token-list.ts';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { audit } from '../privacy/audit.ts';
import { writeVisitorExport } from '../privacy/export.ts';
import { writeVisitorZip, type ZipProgress } from '../privacy/export-zip.ts';
import { runRetention } from '../privacy/retention.ts';
import { runPreview } from '../preview/run-preview.ts';
import { allowList } from '../egress/allow-list.ts';
import { HttpError } from '../http/http-error.ts';
import { backupDatabase, restoreDatabase } from '../store/backup.ts';
import { checkStoreLocation } from './store-location.ts';
import { siteSnippet } from '../../contract/site-snippet.ts';
import { runMigrateCommand } from './migrate/migrate-command.ts';

const USAGE = `Usage: npx einblick <command>

  serve                                   start the server (same as npm start, without the build)
  token create --role R [--label L]       create a token (researcher, privacy or admin); printed once
  token list                              every token: id, role, label, created, last used, revoked
  token revoke ID                         revoke a token at once, with its viewer logins
  site add --name N [--origin URL]...     register a site; prints its key for data-site
           [--privacy strict|balanced] [--retention DAYS]
  export --visitor ID [--out FILE]        everything held on a visitor, as JSON (stdout by default)
         [--zip]                          ... as a zip: the JSON plus one offline HTML replay per session
  erase --visitor ID                      erase everything held on a visitor; prints the receipt
  retention                               erase what is older than each site's retention now
  audit verify                            check that the audit trail's hash chain is unbroken
  backup FILE                             a consistent copy of the database and its secret key, made
                                          while the server runs (FILE is new; keep it as safe as both)
  restore FILE [--force]                  check a backup and put it in place (stop the server first;
                                          --force replaces an existing database, kept as *.before-restore)
  migrate --to postgres [--from FILE]     copy this install (rows, and chunk blobs) into the empty PostgreSQL
                                          database of DATABASE_URL, then compare the counts. Stop the server
                                          first, or copy from a backup FILE (npx einblick backup). With
                                          BLOB_STORE_URL the chunks' bytes go to that bucket. Prints the
                                          EINBLICK_SECRET_KEY every PostgreSQL node must be started with
  preview URL [--privacy strict|balanced] what a recording of the page would hold: screenshots of the page
          [--out DIR]                     and of its masked replay, and every text stored unmasked (DIR,
                                          default ./einblick-preview; needs Chromium, see CHROMIUM_PATH)

Every command but serve and restore acts on an existing database: DATA_DIR names its directory
(default ./data from the current directory, said on stderr); --create makes a new, empty one.
With DATABASE_URL (and EINBLICK_SECRET_KEY, BLOB_STORE_URL as the nodes have them) the commands
act on that PostgreSQL database instead; backup and restore are for SQLite only.
Configuration comes from the environment: PORT, DATA_DIR, EINBLICK_ADMIN_TOKEN (see README).`;

function fail(message: string): never {
  console.error(`einblick: ${message}\n\n${USAGE}`);
  process.exit(2);
}

// `--create` may stand anywhere; the commands' own option parsers never see it.
const argv = process.argv.slice(2);
const create = argv.includes('--create');
const dataDirSet = Boolean(process.env.DATA_DIR);

/** The configuration, once the database it names exists (or --create asked for a new one). */
function configuredStore() {
  const config = configFromEnv();
  // DATABASE_URL names its database itself, and the schema is made there on first use, as the server does.
  if (config.databaseUrl) return config;
  const check = checkStoreLocation(config, { dataDirSet, create });
  if (!check.ok) {
    console.error(check.message);
    process.exit(2);
  }
  if (check.notice) console.error(check.notice);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  return config;
}

async function openConfiguredStore() {
  return (await openStoreOf(configuredStore())).store;
}

/** What the server's routes get, for commands that act as the server would (and are audited the same way). */
async function openContext() {
  const config = configuredStore();
  return { config, ...(await openStoreOf(config)) };
}

/** backup and restore copy the SQLite file; PostgreSQL and the bucket have their own tools (README, Backups). */
function sqliteOnly(command: string): void {
  if (configFromEnv().databaseUrl) fail(`${command} copies the SQLite database of DATA_DIR; with DATABASE_URL back up PostgreSQL with pg_dump and the bucket with its own versioning or replication (see README, Backups)`);
}

const CLI_ACTOR = { label: 'command line', role: 'admin' };

function visitorArg(args: string[]): string {
  const { values } = parseArgs({ args, options: { visitor: { type: 'string' }, out: { type: 'string' }, zip: { type: 'boolean' } } });
  if (!values.visitor || !/^[A-Za-z0-9_-]{1,64}$/.test(values.visitor)) fail('--visitor ID is required (letters, digits, _ and -)');
  return values.visitor;
}

const [command, sub, ...rest] = argv.filter((a) => a !== '--create');

switch (command) {
  case 'serve':
    await import('../main.ts');
    break;
  case 'token': {
    if (sub === 'list') {
      const store = await openConfiguredStore();
      const tokens = await store.tokens.listTokens();
      await store.close();
      console.log(formatTokenList(tokens));
      break;
    }
    if (sub === 'revoke') {
      const id = TokenId.safeParse(rest[0]);
      if (!id.success) fail('token revoke: give the token\'s id (see npx einblick token list)');
      const ctx = await openContext();
      const token = await ctx.store.tokens.tokenById(id.data);
      if (!token) fail(`token revoke: no token has the id ${id.data}`);
      if (token.revokedAt === null) {
        // The operator at the shell may revoke the last admin token: `token create` makes a new one.
        await ctx.store.tokens.revokeToken(token.id);
        await audit(ctx, CLI_ACTOR, 'token.revoke', undefined, { token: token.id, role: token.role });
      }
      await ctx.store.close();
      console.log(`Token ${token.id} (${token.label}, ${token.role}) is revoked; its viewer logins have ended.`);
      break;
    }
    if (sub !== 'create') fail('token: the subcommands are "create", "list" and "revoke ID"');
    const { values } = parseArgs({ args: rest, options: { role: { type: 'string' }, label: { type: 'string' } } });
    const role = Role.safeParse(values.role);
    if (!role.success) fail('--role must be researcher, privacy or admin');
    const label = NewToken.shape.label.safeParse(values.label ?? `${role.data} (cli)`);
    if (!label.success) fail('--label must be 1 to 100 characters');
    const ctx = await openContext();
    const token = await createToken(ctx.store, role.data, label.data);
    await audit(ctx, CLI_ACTOR, 'token.create', undefined, { role: role.data });
    await ctx.store.close();
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
    const ctx = await openContext();
    const created = await ctx.store.sites.createSite(randomBytes(12).toString('base64url'), site.data);
    await audit(ctx, CLI_ACTOR, 'site.create', created.key);
    await ctx.store.close();
    console.log(`Site "${created.name}" created. Put this on your pages:\n${siteSnippet(ctx.config.publicUrl ?? 'https://YOUR-EINBLICK-HOST', created)}`);
    break;
  }
  case 'export': {
    const args = [sub, ...rest].filter((a): a is string => a !== undefined);
    const visitor = visitorArg(args);
    const { out, zip } = parseArgs({ args, options: { visitor: { type: 'string' }, out: { type: 'string' }, zip: { type: 'boolean' } } }).values;
    if (zip && !out && process.stdout.isTTY) fail('--zip writes binary data: give --out FILE, or redirect stdout to a file');
    const ctx = await openContext();
    const records = await ctx.store.visitors.visitorsById(visitor);
    if (!records.length) fail(`nothing is held on visitor ${visitor}`);
    const sink = out ? createWriteStream(out) : process.stdout;
    // Progress goes to the terminal, never into the export itself.
    const tty = process.stderr.isTTY;
    const progress: ZipProgress | undefined = tty
      ? (step, done, total) => process.stderr.write(step === 'json' ? `\rexporting session ${done} of ${total}` : `${done === 1 ? '\n' : '\r'}writing replay ${done} of ${total}`)
      : undefined;
    await audit(ctx, CLI_ACTOR, 'visitor.export', visitor, { sessions: records.reduce((n, r) => n + r.sessions, 0), format: zip ? 'zip' : 'json' });
    if (zip) await writeVisitorZip(sink, ctx, visitor, progress);
    else await writeVisitorExport(sink, ctx, visitor, progress && ((done, total) => progress('json', done, total)));
    if (progress) process.stderr.write('\n');
    if (out) await new Promise<void>((resolve) => (sink as ReturnType<typeof createWriteStream>).end(resolve));
    await ctx.store.close();
    break;
  }
  case 'erase': {
    const visitor = visitorArg([sub, ...rest].filter((a): a is string => a !== undefined));
    const ctx = await openContext();
    if (!(await ctx.store.visitors.visitorsById(visitor)).length) fail(`nothing is held on visitor ${visitor}`);
    const removed = await ctx.store.erasure.eraseVisitorEverywhere(visitor);
    await audit(ctx, CLI_ACTOR, 'visitor.erase', visitor, { ...removed });
    await ctx.store.close();
    console.log(JSON.stringify({ erased: { visitor, at: new Date().toISOString(), by: CLI_ACTOR, removed } }, null, 2));
    break;
  }
  case 'retention': {
    const ctx = await openContext();
    const runs = await runRetention(ctx);
    await ctx.store.close();
    for (const r of runs) console.log(`${r.site}: removed ${r.removed.sessions} sessions, ${r.removed.visitors} visitors (older than ${r.cutoff})`);
    break;
  }
  case 'audit': {
    if (sub !== 'verify') fail('audit: the only subcommand is "verify"');
    const store = await openConfiguredStore();
    const { rows, brokenAt } = await store.audit.verifyAudit();
    await store.close();
    if (brokenAt !== null) {
      console.error(`The audit chain is BROKEN at row ${brokenAt} (of ${rows} read): a row was changed or removed.`);
      process.exit(1);
    }
    console.log(`The audit chain is intact: ${rows} rows.`);
    break;
  }
  case 'backup': {
    sqliteOnly('backup');
    if (!sub) fail('backup: say where to write it: npx einblick backup FILE');
    const ctx = await openContext();
    const file = path.resolve(sub);
    let shown = -1;
    try {
      const counts = await backupDatabase((ctx.store as SqliteStore).db, file, ctx.secret, (done, total) => {
        const percent = total ? Math.floor((done / total) * 100) : 100;
        if (percent >= shown + 10 || done === total) console.error(`Backing up ${ctx.config.dbFile}: ${percent} % (${done} of ${total} pages)`);
        shown = percent;
      });
      if (shown < 100) console.error(`Backing up ${ctx.config.dbFile}: 100 %`);
      console.log(`Backup written to ${file}: ${counts.sessions} sessions, ${counts.visitors} visitors, ${counts.chunks} chunks, ${counts.auditRows} audit rows, and the secret key.`);
    } catch (err) {
      console.error(`einblick: ${(err as Error).message}`);
      process.exitCode = 1;
    } finally {
      await ctx.store.close();
    }
    break;
  }
  case 'restore': {
    sqliteOnly('restore');
    const { values, positionals } = parseArgs({ args: [sub, ...rest].filter((a): a is string => a !== undefined), allowPositionals: true, options: { force: { type: 'boolean' } } });
    if (!positionals[0]) fail('restore: name the backup: npx einblick restore FILE [--force]');
    const config = configFromEnv();
    if (!dataDirSet) console.error(`einblick: restoring into ${config.dbFile} (DATA_DIR is not set, so ./data from ${process.cwd()})`);
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    try {
      const restored = restoreDatabase(path.resolve(positionals[0]), { dbFile: config.dbFile, secretFile: config.secretFile, force: values.force === true });
      console.log(`Restored ${config.dbFile} (integrity checked): ${restored.sessions} sessions, ${restored.visitors} visitors, ${restored.chunks} chunks, ${restored.auditRows} audit rows; secret key ${restored.secretReplaced ? 'replaced (the old one kept as secret.key.before-restore)' : 'written'}.`);
    } catch (err) {
      console.error(`einblick: ${(err as Error).message}`);
      process.exit(1);
    }
    break;
  }
  case 'migrate': {
    const { values, positionals } = parseArgs({ args: [sub, ...rest].filter((a): a is string => a !== undefined), allowPositionals: true, options: { to: { type: 'string' }, from: { type: 'string' } } });
    if (values.to !== 'postgres' || positionals.length) fail('migrate: the only target is PostgreSQL: npx einblick migrate --to postgres [--from FILE]');
    process.exitCode = await runMigrateCommand({ from: values.from, dataDirSet });
    break;
  }
  case 'preview': {
    const { values, positionals } = parseArgs({
      args: [sub, ...rest].filter((a): a is string => a !== undefined),
      allowPositionals: true,
      options: { privacy: { type: 'string' }, out: { type: 'string' } },
    });
    const request = PreviewRequest.safeParse({ url: positionals[0], ...(values.privacy ? { privacy: values.privacy } : {}) });
    if (!request.success) fail(`preview: ${request.error.issues.map((i) => `${i.path.join('.') || 'URL'}: ${i.message}`).join('; ')}`);
    const { url, privacy } = request.data;
    const ctx = await openContext();
    const dir = path.resolve(values.out ?? 'einblick-preview');
    if (process.stderr.isTTY) process.stderr.write(`Opening ${url} in headless Chromium with the recorder (${privacy})…\n`);
    let result;
    try {
      // The operator at the shell may preview any page (the HTTP API allows only known
      // origins); what it loads is held to that page's origin and the registered ones.
      const allow = allowList({ own: [new URL(url).origin], sites: (await ctx.store.sites.listSites()).flatMap((s) => s.origins), privateSites: ctx.config.browserPrivateSites });
      result = await runPreview({ url, privacy, chromiumPath: ctx.config.chromiumPath, limits: ctx.config.limits, allow });
    } catch (err) {
      await ctx.store.close();
      console.error(`einblick: ${err instanceof HttpError || err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'page.png'), result.pageScreenshot);
    writeFileSync(path.join(dir, 'replay.png'), result.replayScreenshot);
    const { pageScreenshot: _p, replayScreenshot: _r, ...report } = result;
    writeFileSync(path.join(dir, 'unmasked.json'), JSON.stringify(report, null, 2) + '\n');
    await audit(ctx, CLI_ACTOR, 'page.preview', url, { privacy, texts: result.counts.texts, unmasked: result.counts.unmasked });
    await ctx.store.close();
    console.log(`${result.counts.unmasked} of ${result.counts.texts} texts on ${result.finalUrl} would be stored unmasked (${privacy}):`);
    for (const t of result.unmasked) console.log(`  ${(t.attribute ? `${t.element}[${t.attribute}]` : t.element).padEnd(32)} ${JSON.stringify(t.text)}`);
    console.log(`\nScreenshots of the page and of its masked replay, and this list as JSON: ${dir}/page.png, replay.png, unmasked.json`);
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
