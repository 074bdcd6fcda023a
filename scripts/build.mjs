// Bundles the CLI into dist/ as CommonJS: measured faster to start and lighter than ESM output on Node 20
// (Node's ESM loader alone costs a few ms and ~1.7 MiB). The hot path (one diagnosis, --json) is one file;
// rarely used parts are bundles of their own, required only when asked for.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const root = resolve(new URL('..', import.meta.url).pathname);

/** Modules loaded with `await import()` that get a bundle of their own, next to dist/cli.js. */
const lazy = ['src/cli/run-demo.ts', 'src/cli/write-report-file.ts', 'src/tree/symptom-decoder.ts'].map((p) => resolve(root, p));
const outName = (path) => `${basename(path).replace(/\.tsx?$/, '')}.js`;

/** Turns a dynamic import of a lazy module into a require of its own bundle. */
const splitLazy = {
  name: 'split-lazy',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
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

await Promise.all([
  build({ ...common, entryPoints: ['src/cli.tsx'], outfile: 'dist/cli.js' }),
  // The engine's worker-thread entry: runInWorker starts it from its own file, next to cli.js.
  build({ ...common, entryPoints: ['src/engine/engine-worker.ts'], outfile: 'dist/engine-worker.js' }),
  ...lazy.map((entry) => build({ ...common, entryPoints: [entry], outfile: `dist/${outName(entry)}` })),
]);
