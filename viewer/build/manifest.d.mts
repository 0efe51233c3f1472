// Types for manifest.mjs (plain JS, since esbuild.config.mjs runs without tsx).
import type { Metafile } from 'esbuild';

export function viewerManifest(metafile: Metafile, outdir: string): { script: string; style: string; modules: Record<string, string[]> };
