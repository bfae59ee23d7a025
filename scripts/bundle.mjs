// Bundles the program into dist/bundle/: one file for start-up, plus a chunk per command group and
// per lazily loaded part (sheet readers, the demo), so a command still loads only what it runs.
// Packages stay outside (better-sqlite3 is native; the rest load from node_modules as usual).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
