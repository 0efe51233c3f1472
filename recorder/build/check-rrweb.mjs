// Lists what the recorder's rrweb patches make of an @rrweb/record dist/record.js (the installed
// one, or the path given): its checksum against the one they were written for, and every patch
// whose anchor is not found exactly once. Step 3 of docs/upgrading-rrweb.md.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PATCHED_FOR, sha256, trimRrweb } from './rrweb-unused.mjs';

const path = process.argv[2] ?? createRequire(import.meta.url).resolve('@rrweb/record').replace(/record\.c?js$/, 'record.js');
const src = readFileSync(path, 'utf8');
const actual = sha256(src);
console.log(`${path}\n  sha256 ${actual}\n  patches written for @rrweb/record ${PATCHED_FOR.version}: ${actual === PATCHED_FOR.sha256 ? 'same file' : `a different file (${PATCHED_FOR.sha256})`}`);
try {
  trimRrweb(src);
  console.log('  every patch applies (each anchor found exactly once)');
} catch (err) {
  console.log(String(err.message).replace(/^/gm, '  '));
  process.exitCode = 1;
}
