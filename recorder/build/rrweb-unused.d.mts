// Types of rrweb-unused.mjs, for the tests that build with it.
import type { Plugin } from 'esbuild';

export const PATCHED_FOR: { version: string; sha256: string };
export function trimRrweb(src: string): string;
export function sha256(text: string): string;
export function checkRecordJs(src: string, path: string, expected?: { version: string; sha256: string }): void;
export function rrwebPatches(options?: { recordJs?: string; expected?: { version: string; sha256: string } }): Plugin;
export const rrwebUnused: Plugin;
