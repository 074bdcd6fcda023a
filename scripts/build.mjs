// Bundles the CLI into dist/ as CommonJS: measured faster to start and lighter than ESM output on Node 20
// (Node's ESM loader alone costs a few ms and ~1.7 MiB). The hot path (one diagnosis, --json) is one file;
// rarely used parts are bundles of their own, required only when asked for.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const root = resolve(new URL('..', import.meta.url).pathname);

/** dist/main.js is one function expression; src/shared/code-cache.ts runs it with these arguments. */
const mainWrapper = { start: '(function (exports, require, module, __filename, __dirname) {', end: '})' };

/** Modules loaded with `await import()` that get a bundle of their own, next to dist/cli.js. */
const lazy = [
  'src/cli/run-demo.ts',
  'src/cli/run-interactive.ts',
  'src/cli/run-watch.ts',
  'src/cli/write-report-file.ts',
  'src/report/markdown-report.ts',
  'src/report/html-report.ts',
  'src/tree/symptom-decoder.ts',
  'src/engine/steps/lazy-steps.ts',
].map((p) => resolve(root, p));
/** The terminal UI: a bundle of its own (see `ui` below), never part of another. */
const uiEntry = resolve(root, 'src/ui/ui-bundle.ts');
const outName = (path) => `${basename(path).replace(/\.tsx?$/, '')}.js`;

/** Turns a dynamic import of a lazy module into a require of its own bundle. */
const splitLazy = {
  name: 'split-lazy',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      // The UI never joins another bundle: run-interactive runs dist/ui.js from the code cache, and imports run-app
      // only when run from source.
      if (target === resolve(root, 'src/ui/run-app.ts')) return { path: './ui.js', external: true };
      // Likewise the engine in its worker: engine-worker runs dist/engine.js from the code cache.
      if (target === resolve(root, 'src/engine/serve-engine.ts')) return { path: './engine.js', external: true };
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

/** Ink's modules, rewritten where the UI bundle needs it: its dev-only top-level awaits (see `ui`). */
const inkReconciler = /[\\/]ink[\\/]build[\\/]reconciler\.js$/;
const devOnlyAwaits = [
  ["await import('./devtools.js');", 'void 0;'],
  ['await loadPackageJson()', '{ name: undefined, version: undefined }'],
];

/** The source of a dependency with each `[line, replacement]` made; the build fails if a line is not there once. */
function editedSource(path, edits) {
  let contents = readFileSync(path, 'utf8');
  for (const [line, replacement] of edits) {
    if (contents.split(line).length !== 2)
      throw new Error(`${path} no longer has exactly one "${line}": review scripts/build.mjs`);
    contents = contents.replace(line, replacement);
  }
  return contents;
}

/**
 * yoga-layout's `loadYoga()` calls its Emscripten loader without options: the UI bundle's passes them on, so that
 * src/ui/deferred-yoga.ts instantiates the wasm (from dist/yoga.wasm) as early as the bundle starts.
 */
const yogaLoad = /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]load\.js$/;
const yogaLoadEdits = [
  ['export async function loadYoga()', 'export async function loadYoga(options)'],
  ['await loadYogaImpl()', 'await loadYogaImpl(options)'],
];
const yogaBinary = /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/;

/**
 * Builds the UI as CommonJS, so that the CLI can run it from a V8 code cache as it does main.js: two top-level
 * awaits stood in the way. yoga-layout's entry awaits its wasm: Ink gets src/ui/deferred-yoga.ts instead,
 * filled in before the app draws. Ink's reconciler awaits React devtools when DEV=true: those two lines go,
 * since the bundle has no devtools to connect (react-devtools-core is stubbed out). The build fails if Ink's
 * lines change, rather than shipping a bundle that does not load.
 */
const uiWithoutTopLevelAwait = {
  name: 'ui-without-top-level-await',
  setup(b) {
    b.onResolve({ filter: /^yoga-layout$/ }, () => ({ path: resolve(root, 'src/ui/deferred-yoga.ts') }));
    b.onLoad({ filter: yogaLoad }, (args) => ({ contents: editedSource(args.path, yogaLoadEdits), loader: 'js' }));
    b.onLoad({ filter: yogaBinary }, (args) => {
      // The wasm goes next to the bundle as bytes; the loader keeps an empty data URL that nothing reads, since
      // deferred-yoga.ts instantiates the wasm itself.
      const contents = readFileSync(args.path, 'utf8');
      const inline = contents.match(/"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/g) ?? [];
      if (inline.length !== 1)
        throw new Error(`${args.path} no longer holds exactly one inline wasm: review scripts/build.mjs`);
      const base64 = inline[0].slice('"data:application/octet-stream;base64,'.length, -1);
      writeFileSync(resolve(root, 'dist/yoga.wasm'), Buffer.from(base64, 'base64'));
      return { contents: contents.replace(inline[0], '"data:application/octet-stream;base64,"'), loader: 'js' };
    });
    b.onLoad({ filter: inkReconciler }, (args) => ({ contents: editedSource(args.path, devOnlyAwaits), loader: 'js' }));
  },
};

/**
 * Ink's output (@alcalzone/ansi-tokenize) and slice-ansi each build an Intl.Segmenter as their modules load: the
 * first one of a process sets up ICU's locale data, ~10–25 ms of the main thread before the first frame. In the UI
 * bundle they get src/ui/grapheme-segmenter.ts instead, which cuts the text the app draws itself and builds a
 * segmenter only for other text. The build fails if their lines change, rather than keep the cost unseen.
 */
const graphemeSegmenter = resolve(root, 'src/ui/grapheme-segmenter.ts');
const segmenterBuilt = [
  [
    /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
    'new Intl.Segmenter(undefined, { granularity: "grapheme" })',
  ],
  [/[\\/]slice-ansi[\\/]tokenize-ansi\.js$/, "new Intl.Segmenter(undefined, {granularity: 'grapheme'})"],
];
const segmenterOnFirstNeed = {
  name: 'segmenter-on-first-need',
  setup(b) {
    for (const [file, line] of segmenterBuilt) {
      b.onLoad({ filter: file }, (args) => ({
        contents: `import { graphemeSegmenter } from ${JSON.stringify(graphemeSegmenter)};\n${editedSource(args.path, [[line, 'graphemeSegmenter']])}`,
        loader: 'js',
      }));
    }
  },
};

/**
 * The symptom decoder, a large table, stays a bundle of its own for the UI too: ui.js runs with the require of
 * dist/run-interactive.js, so `./symptom-decoder.js` is the one next to it, and the package carries one copy.
 */
const decoderApart = {
  name: 'decoder-apart',
  setup(b) {
    b.onResolve({ filter: /symptom-decoder\.js$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './symptom-decoder.js', external: true } : undefined,
    );
  },
};

/** The terminal UI, loaded by the CLI only in interactive mode (src/cli/run-interactive.ts). */
const ui = {
  ...common,
  plugins: [uiWithoutTopLevelAwait, segmenterOnFirstNeed, decoderApart],
  alias: {
    'react-devtools-core': resolve(root, 'scripts/stubs/react-devtools-core.js'),
    ws: resolve(root, 'scripts/stubs/ws.js'),
    // Same widths, without string-width's emoji pattern built at load (src/ui/terminal-width.ts says why).
    'string-width': resolve(root, 'src/ui/terminal-width.ts'),
  },
  banner: { js: mainWrapper.start },
  footer: { js: mainWrapper.end },
};

/** Fails the build when a package the UI bundle replaces got in anyway (a deep import the alias missed). */
function withoutReplacedPackages({ metafile }) {
  const replaced = Object.keys(metafile.inputs).filter((input) =>
    /node_modules\/(string-width|yoga-layout\/dist\/src\/index)/.test(input),
  );
  if (replaced.length > 0) throw new Error(`dist/ui.js includes what it should replace: ${replaced.join(', ')}`);
}

/** Runs dist/ui.js from the code cache, so it is built after it (below). */
const runInCache = resolve(root, 'src/cli/run-interactive.ts');

await Promise.all([
  build({ ...ui, entryPoints: [uiEntry], outfile: 'dist/ui.js', metafile: true }).then(withoutReplacedPackages),
  // Wrapped at build time as Node wraps a CommonJS module, so that the loader compiles the file as it is read
  // (a second copy of its source, joined at run time, measured ~0.15 MiB of peak memory).
  build({
    ...common,
    entryPoints: ['src/cli.tsx'],
    outfile: 'dist/main.js',
    banner: { js: mainWrapper.start },
    footer: { js: mainWrapper.end },
  }),
  // The engine's worker: dist/engine-worker.js (built below) runs it from the code cache, wrapped as main.js is.
  build({
    ...common,
    entryPoints: ['src/engine/serve-engine.ts'],
    outfile: 'dist/engine.js',
    banner: { js: mainWrapper.start },
    footer: { js: mainWrapper.end },
  }),
  ...lazy
    .filter((entry) => entry !== runInCache)
    .map((entry) => build({ ...common, entryPoints: [entry], outfile: `dist/${outName(entry)}` })),
]);

// The code that runs a bundle from the V8 code cache names the cache by a hash of that bundle, so it is built
// once the bundle is: V8 itself would take a cache made from other source of the same length.
const contentHash = (file) =>
  createHash('sha256')
    .update(readFileSync(resolve(root, file)))
    .digest('hex')
    .slice(0, 16);
const hashDefine = (name, file) => ({ define: { ...common.define, [name]: JSON.stringify(contentHash(file)) } });
await Promise.all([
  // The command itself: a few lines that run main.js from the user's V8 code cache (src/bin.ts).
  build({
    ...common,
    ...hashDefine('__CONN_DOCTOR_MAIN_HASH__', 'dist/main.js'),
    entryPoints: ['src/bin.ts'],
    outfile: 'dist/cli.js',
  }),
  // The engine's worker-thread entry: runInWorker starts it from its own file, next to cli.js.
  build({
    ...common,
    ...hashDefine('__CONN_DOCTOR_ENGINE_HASH__', 'dist/engine.js'),
    entryPoints: ['src/engine/engine-worker.ts'],
    outfile: 'dist/engine-worker.js',
  }),
  build({
    ...common,
    ...hashDefine('__CONN_DOCTOR_UI_HASH__', 'dist/ui.js'),
    entryPoints: [runInCache],
    outfile: `dist/${outName(runInCache)}`,
  }),
]);
