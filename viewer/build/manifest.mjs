// What the server needs to write the viewer's HTML (server/http/viewer-page.ts): the hashed
// names of the entry script and stylesheet, and for the entry and each page loaded on
// demand, every module it imports statically. With those as <link rel="modulepreload">
// the browser fetches a page's whole module graph at once, instead of discovering each
// import only after the module naming it has arrived (one round trip per level).

/**
 * @param {import('esbuild').Metafile} metafile
 * @param {string} outdir the build's outdir, as esbuild names outputs (relative to the working directory)
 * @returns {{ script: string, style: string, modules: Record<string, string[]> }} paths relative to outdir
 */
export function viewerManifest(metafile, outdir) {
  const prefix = outdir.replace(/\/$/, '') + '/';
  const outputs = metafile.outputs;
  const rel = (p) => (p.startsWith(prefix) ? p.slice(prefix.length) : p);
  /** The module and what it imports statically, depth first, each once. */
  const closure = (file, seen = new Set()) => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const i of outputs[file]?.imports ?? []) if (i.kind === 'import-statement' && outputs[i.path]) closure(i.path, seen);
    return seen;
  };
  let script = '';
  let style = '';
  /** @type {Record<string, string[]>} */
  const modules = {};
  for (const [file, out] of Object.entries(outputs)) {
    if (!out.entryPoint || !file.endsWith('.js')) continue;
    if (out.entryPoint === 'viewer/main.ts') {
      script = rel(file);
      style = out.cssBundle ? rel(out.cssBundle) : '';
      modules.main = [...closure(file)].map(rel);
    } else {
      // A page imported on demand: viewer/pages/replay/replay.ts is "replay" (its folder).
      const page = out.entryPoint.replace(/^viewer\/pages\//, '').replace(/\/.*$|\.ts$/, '');
      modules[page] = [...closure(file)].map(rel);
    }
  }
  if (!script || !style) throw new Error('viewer build: no entry script or stylesheet in the metafile');
  return { script, style, modules };
}
