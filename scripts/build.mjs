// Bundles the CLI into dist/ as CommonJS: measured faster to start and lighter than ESM output on Node 20
// (Node's ESM loader alone costs a few ms and ~1.7 MiB). The hot path (one diagnosis, --json) is one file;
// rarely used parts are bundles of their own, required only when asked for.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const root = resolve(new URL('..', import.meta.url).pathname);

/** dist/main.js is one function expression; src/cli/code-cache.ts runs it with these arguments. */
const mainWrapper = { start: '(function (exports, require, module, __filename, __dirname) {', end: '})' };

/** Modules loaded with `await import()` that get a bundle of their own, next to dist/cli.js. */
const lazy = ['src/cli/run-demo.ts', 'src/cli/run-interactive.ts', 'src/cli/run-watch.ts', 'src/cli/write-report-file.ts', 'src/tree/symptom-decoder.ts', 'src/engine/steps/lazy-steps.ts'].map((p) => resolve(root, p));
/** The terminal UI: its own ESM bundle, never part of a CommonJS one (see `ui` below). */
const uiEntry = resolve(root, 'src/ui/run-app.tsx');
const outName = (path) => `${basename(path).replace(/\.tsx?$/, '')}.js`;

/** Turns a dynamic import of a lazy module into a require of its own bundle. */
const splitLazy = {
  name: 'split-lazy',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      if (target === uiEntry.replace(/x$/, '')) return { path: './ui.mjs', external: true };
      return lazy.includes(target) ? { path: `./${outName(target)}`, external: true } : undefined;
    });
  },
};

rmSync(resolve(root, 'dist'), { recursive: true, force: true });
mkdirSync(resolve(root, 'dist'));
// dist/ is CommonJS whatever the package's own type is.
writeFileSync(resolve(root, 'dist/package.json'), '{ "type": "commonjs" }\n');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  // Keep dynamic imports as plain require(): no ESM loader on any path.
  supported: { 'dynamic-import': false },
  define: { __CONN_DOCTOR_VERSION__: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
  plugins: [splitLazy],
  logLevel: 'warning',
};

/**
 * The terminal UI is ESM (Ink's layout engine initialises with a top-level await), loaded by the CLI only in
 * interactive mode. Measured start-up savings (see ../shared notes): devtools stubbed out, and the global
 * fetch hidden while yoga's wasm initialises, so it does not load undici for its inline data: URL.
 */
const ui = {
  ...common,
  format: 'esm',
  supported: {},
  plugins: [],
  alias: { 'react-devtools-core': resolve(root, 'scripts/stubs/react-devtools-core.js'), ws: resolve(root, 'scripts/stubs/ws.js') },
  banner: {
    js: [
      "import { createRequire as __cdRequire } from 'node:module';",
      'const require = __cdRequire(import.meta.url);',
      'const __cdFetch = globalThis.fetch; globalThis.fetch = undefined;',
    ].join(' '),
  },
  footer: { js: 'globalThis.fetch = __cdFetch;' },
};

await Promise.all([
  build({ ...ui, entryPoints: [uiEntry], outfile: 'dist/ui.mjs' }),
  // Wrapped at build time as Node wraps a CommonJS module, so that the loader compiles the file as it is read
  // (a second copy of its source, joined at run time, measured ~0.15 MiB of peak memory).
  build({ ...common, entryPoints: ['src/cli.tsx'], outfile: 'dist/main.js', banner: { js: mainWrapper.start }, footer: { js: mainWrapper.end } }),
  // The command itself: a few lines that run main.js from the user's V8 code cache (src/bin.ts).
  build({ ...common, entryPoints: ['src/bin.ts'], outfile: 'dist/cli.js' }),
  // The engine's worker-thread entry: runInWorker starts it from its own file, next to cli.js.
  build({ ...common, entryPoints: ['src/engine/engine-worker.ts'], outfile: 'dist/engine-worker.js' }),
  ...lazy.map((entry) => build({ ...common, entryPoints: [entry], outfile: `dist/${outName(entry)}` })),
]);
