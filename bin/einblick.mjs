#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx einblick` needs no separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../server/admin/cli.ts');
