// Bundles the program into dist/bundle/: one file for start-up, plus a chunk per command group and
// per lazily loaded part (sheet readers, the demo), so a command still loads only what it runs.
// Packages stay outside (better-sqlite3 is native; the rest load from node_modules as usual),
// except commander, which every command loads: bundled, it is read as one ES module with the rest
// rather than through Node's CommonJS loader. commander requires node:child_process when it loads,
// for subcommands run as programs of their own, which examctl has none of: the bundle loads it only
// if one were spawned (loading it cost a few milliseconds of every start). The folder is emptied
// first, so that no chunk of an earlier build lingers.
import fs from 'node:fs';
import { build } from 'esbuild';

fs.rmSync('dist/bundle', { recursive: true, force: true });
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const inside = new Set(['commander']);

/** commander's `require('node:child_process')`, made lazy: its only use is `childProcess.spawn`. */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager)) throw new Error(`commander's command.js no longer reads: ${eager}`);
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: text.replace(eager, lazy), loader: 'js' };
    });
  },
};

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
  plugins: [lazyChildProcess],
  logLevel: 'warning',
});
