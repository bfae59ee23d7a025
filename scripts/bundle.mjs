// Bundles the program into dist/bundle/: one file for start-up, plus a chunk per command group and
// per lazily loaded part (sheet readers, the demo), so a command still loads only what it runs.
// Packages stay outside (better-sqlite3 is native; the rest load from node_modules as usual),
// except commander, which every command loads: bundled, it is read as one ES module with the rest
// rather than through Node's CommonJS loader. The folder is emptied first, so that no chunk of an
// earlier build lingers.
import fs from 'node:fs';
import { build } from 'esbuild';

fs.rmSync('dist/bundle', { recursive: true, force: true });
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const inside = new Set(['commander']);

await build({
  entryPoints: ['src/main.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [...Object.keys(pkg.dependencies ?? {}).filter((d) => !inside.has(d)), ...Object.keys(pkg.devDependencies ?? {})],
  // commander is CommonJS: give the bundle a require for its node: imports.
  banner: { js: "import { createRequire as __examctlRequire } from 'node:module'; const require = __examctlRequire(import.meta.url);" },
  logLevel: 'warning',
});
