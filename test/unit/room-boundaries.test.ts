// The rooms' boundary as a checked rule, not a convention: recorder/, server/ and viewer/
// import only from their own room and from contract/, the home of pure code more than
// one room needs; contract/ imports only itself and zod (no Node, no DOM: see also
// contract/tsconfig.json, which type-checks it without either).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROOMS = ['contract', 'recorder', 'server', 'viewer'] as const;
type Room = (typeof ROOMS)[number];

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : filesOf(full);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

// Static imports and re-exports, side-effect imports and dynamic import() of a literal.
const SPECIFIER = /(?:^|[\s;])(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

interface Crossing {
  from: string;
  to: string;
}

function crossings(): Crossing[] {
  const found: Crossing[] = [];
  for (const room of ROOMS) {
    for (const file of filesOf(path.join(ROOT, room))) {
      const from = path.relative(ROOT, file);
      for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
        const spec = m[1] ?? m[2]!;
        if (spec.startsWith('.')) {
          const target = path.relative(ROOT, path.resolve(path.dirname(file), spec));
          const targetRoom = target.split(path.sep)[0] as Room;
          if (targetRoom !== room && targetRoom !== 'contract') found.push({ from, to: target });
        } else if (room === 'contract' && spec !== 'zod') {
          found.push({ from, to: spec });
        }
      }
    }
  }
  return found;
}

test('every room imports only from itself and from contract/; contract/ only from itself and zod', () => {
  const bad = crossings().map((c) => `${c.from} -> ${c.to}`);
  assert.deepEqual(bad, [], `imports across rooms (move the shared code to contract/):\n${bad.join('\n')}`);
});

/** Every import cycle among the rooms' files (type-only imports too), as paths. */
function cycles(): string[] {
  const graph = new Map<string, string[]>();
  for (const room of ROOMS) {
    for (const file of filesOf(path.join(ROOT, room))) {
      const deps = [...readFileSync(file, 'utf8').matchAll(SPECIFIER)]
        .map((m) => m[1] ?? m[2]!)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => path.resolve(path.dirname(file), spec))
        .filter((target) => existsSync(target));
      graph.set(file, deps);
    }
  }
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, stack: string[]): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (state.get(dep) === 'open') found.push([...stack.slice(stack.indexOf(dep)), dep].map((f) => path.relative(ROOT, f)).join(' -> '));
      else if (!state.has(dep)) visit(dep, stack);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file, []);
  return found;
}

test('no module imports itself through others: the rooms have no import cycles', () => {
  const found = cycles();
  assert.deepEqual(found, [], `import cycles:\n${found.join('\n')}`);
});

test('the check sees a crossing when there is one', () => {
  // Guards the guard: a regex that matched nothing would pass every tree.
  const sample = `import { a } from '../server/schemas.ts';\nexport { b } from './b.ts';\nconst c = await import('../viewer/x.ts');\nimport type { D } from "node:fs";`;
  const specs = [...sample.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2]);
  assert.deepEqual(specs, ['../server/schemas.ts', './b.ts', '../viewer/x.ts', 'node:fs']);
});

// The viewer is a browser bundle: the zod schemas are the server's boundary, and one value
// import of them pulls all of zod into the page (a merge once grew the first load from 17 KB
// to 112 KB gzipped). The viewer takes their types only; shared constants live beside them.
const VALUE_IMPORT_OF_SCHEMAS = /^\s*import\s+(?!type\s)[^;]*?from\s+['"][^'"]*contract\/schemas[^'"]*['"]/m;

test('the viewer imports the zod schemas for their types only', () => {
  const found = filesOf(path.join(ROOT, 'viewer')).filter((file) => VALUE_IMPORT_OF_SCHEMAS.test(readFileSync(file, 'utf8'))).map((f) => path.relative(ROOT, f));
  assert.deepEqual(found, []);
  const valueImport = `import { COMMENT_THEMES, type X } from '../../contract/schemas/index.ts';`;
  const typeImport = `import type { Y } from '../contract/schemas/index.ts';`;
  assert.ok(VALUE_IMPORT_OF_SCHEMAS.test(valueImport) && !VALUE_IMPORT_OF_SCHEMAS.test(typeImport), 'the rule sees a value import and lets a type import pass');
});
