// Bundles the CLI into dist/ as CommonJS: measured faster to start and lighter than ESM output on Node 20
// (Node's ESM loader alone costs a few ms and ~1.7 MiB). The hot path (one diagnosis, --json) is one file;
// rarely used parts are bundles of their own, required only when asked for.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const root = resolve(new URL('..', import.meta.url).pathname);

/** dist/main.js is one function expression; src/shared/code-cache.ts runs it with these arguments. */
const mainWrapper = { start: '(function (exports, require, module, __filename, __dirname) {', end: '})' };

/** Modules loaded with `await import()` that get a bundle of their own, next to dist/cli.js. */
const lazy = [
  'src/cli/run-demo.ts',
  'src/cli/run-interactive.ts',
  'src/cli/run-watch.ts',
  // The --report writer, one target's or a sweep's.
  'src/cli/write-report-file.ts',
  // A sweep's: its front end, the readers of --env, --compose and --targets files (yaml, dotenv), its report formats.
  'src/cli/sweep-once.ts',
  // --wait (one target or a sweep) and --watch over a sweep: the loop of rounds and their output.
  'src/cli/run-wait.ts',
  'src/cli/watch-sweep.ts',
  'src/cli/read-target-files.ts',
  'src/report/sweep-markdown-report.ts',
  'src/report/sweep-html-report.ts',
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

/**
 * One copy of the engine for every bundle but main.js: dist/engine.js, built from src/library/engine-bundle.ts (which
 * says why). The bundles in `sharesEngine` take the modules it exports from it, through dist/shared-engine.js, instead
 * of bundling their own copy; main.js keeps its own, so that a single `--json` run reads one file.
 */
const engineBundle = resolve(root, 'src/library/engine-bundle.ts');
/** The modules dist/engine.js exports: each `export * from '…'` of engine-bundle.ts. */
const sharedModules = new Set(
  [...readFileSync(engineBundle, 'utf8').matchAll(/^export \* from '([^']+)';$/gm)].map((match) =>
    resolve(dirname(engineBundle), match[1]).replace(/\.js$/, '.ts'),
  ),
);
/** Lazy bundles that drive the engine in the CLI's process, and so share dist/engine.js. */
const sharesEngine = [
  'src/cli/run-demo.ts',
  'src/cli/run-watch.ts',
  'src/cli/sweep-once.ts',
  'src/cli/run-wait.ts',
  'src/cli/watch-sweep.ts',
].map((p) => resolve(root, p));

/**
 * Points a bundle's imports of the shared modules at dist/shared-engine.js (`loader`: its path from the bundle), which
 * runs dist/engine.js once a process. The bundle then reads each import as a property of that module's exports.
 */
const shareEngine = (loader) => ({
  name: 'share-engine',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      if (args.namespace === 'shared-engine') return { path: loader, external: true };
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      return sharedModules.has(target) ? { path: 'engine', namespace: 'shared-engine' } : undefined;
    });
    b.onLoad({ filter: /^engine$/, namespace: 'shared-engine' }, () => ({
      contents: `module.exports = require(${JSON.stringify(loader)});`,
      loader: 'js',
    }));
  },
});

/**
 * Fails the build when a bundle that shares the engine still carries a good part of it: an engine module it imports
 * that engine-bundle.ts does not export gets bundled, with everything it imports. Add that module there.
 */
function sharesTheEngine(engineMeta, bundleMeta) {
  const inEngine = new Set(Object.keys(engineMeta.inputs));
  for (const [file, output] of Object.entries(bundleMeta.outputs)) {
    const copied = Object.entries(output.inputs).filter(([input]) => inEngine.has(input) && input.startsWith('src/'));
    const bytes = copied.reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
    if (bytes > 8 * 1024)
      throw new Error(
        `${file} copies ${bytes} bytes of dist/engine.js (${copied.map(([input]) => input).join(', ')}): export the module it imports from src/library/engine-bundle.ts`,
      );
  }
}

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
 * The lazy bundles (the symptom decoder, a large table; the Markdown and HTML renderers of the app's export) stay
 * bundles of their own for the UI too: ui.js runs with the require of dist/run-interactive.js, so `./<name>.js` is
 * the one next to it, and the package carries one copy of each.
 */
const lazyApart = {
  name: 'lazy-apart',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      return lazy.includes(target) ? { path: `./${outName(target)}`, external: true } : undefined;
    });
  },
};

/** The terminal UI, loaded by the CLI only in interactive mode (src/cli/run-interactive.ts). */
const ui = {
  ...common,
  plugins: [uiWithoutTopLevelAwait, segmenterOnFirstNeed, lazyApart],
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
/**
 * The steps most runs never reach: wrapped as main.js is, in dist/lazy-steps-code.js, and run from the code cache by
 * dist/lazy-steps.js (src/engine/steps/lazy-steps-loader.ts), which is what the engine requires.
 */
const lazySteps = resolve(root, 'src/engine/steps/lazy-steps.ts');

// The library's declarations take tsc a few seconds: it runs alongside the bundles.
const declarations = buildDeclarations();
const [, , engineBuilt, , ...lazyBuilt] = await Promise.all([
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
  // The engine's one shared copy: dist/engine-worker.js and dist/shared-engine.js (built below) run it from the code
  // cache, wrapped as main.js is.
  build({
    ...common,
    entryPoints: [engineBundle],
    outfile: 'dist/engine.js',
    banner: { js: mainWrapper.start },
    footer: { js: mainWrapper.end },
    metafile: true,
  }),
  build({
    ...common,
    entryPoints: [lazySteps],
    outfile: 'dist/lazy-steps-code.js',
    banner: { js: mainWrapper.start },
    footer: { js: mainWrapper.end },
  }),
  ...lazy
    .filter((entry) => entry !== runInCache && entry !== lazySteps)
    .map((entry) =>
      sharesEngine.includes(entry)
        ? build({
            ...common,
            plugins: [...common.plugins, shareEngine('./shared-engine.js')],
            entryPoints: [entry],
            outfile: `dist/${outName(entry)}`,
            metafile: true,
          })
        : build({ ...common, entryPoints: [entry], outfile: `dist/${outName(entry)}` }),
    ),
]);
for (const { metafile } of lazyBuilt) if (metafile) sharesTheEngine(engineBuilt.metafile, metafile);

// The bundles run from the code cache are read as Latin-1 (src/shared/code-cache.ts says why): a character beyond
// ASCII in one of them would be read wrong. esbuild escapes them in strings, not in regular expressions: write
// `\u00b5` there, not `µ`.
for (const file of ['dist/main.js', 'dist/engine.js', 'dist/lazy-steps-code.js', 'dist/ui.js']) {
  const text = readFileSync(resolve(root, file), 'utf8');
  const at = text.search(/[^\x00-\x7f]/);
  if (at !== -1)
    throw new Error(
      `${file} holds a character beyond ASCII (…${text.slice(Math.max(0, at - 40), at + 10)}…): escape it in its source`,
    );
}

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
  build({
    ...common,
    ...hashDefine('__CONN_DOCTOR_STEPS_HASH__', 'dist/lazy-steps-code.js'),
    entryPoints: ['src/engine/steps/lazy-steps-loader.ts'],
    outfile: 'dist/lazy-steps.js',
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
  // What the bundles that share the engine require: it runs dist/engine.js from the code cache (src/library/shared-engine.ts).
  build({
    ...common,
    ...hashDefine('__CONN_DOCTOR_ENGINE_HASH__', 'dist/engine.js'),
    entryPoints: ['src/library/shared-engine.ts'],
    outfile: 'dist/shared-engine.js',
  }),
  // The library, `import … from 'conn-doctor'` (src/library/index.ts): ESM, in dist/lib/ whose package.json says so.
  // It shares the engine too; an ES module has no `require` for dist/shared-engine.js, so the banner makes one.
  build({
    ...common,
    format: 'esm',
    plugins: [shareEngine('../shared-engine.js')],
    banner: {
      js: "import { createRequire as __connDoctorRequire } from 'node:module'; const require = __connDoctorRequire(import.meta.url);",
    },
    entryPoints: ['src/library/index.ts'],
    outfile: 'dist/lib/index.js',
  }),
]);
writeFileSync(resolve(root, 'dist/lib/package.json'), '{ "type": "module" }\n');
await declarations;

/**
 * The library's declarations, dist/lib/types/: tsc writes the declarations of the library's whole module graph
 * (tsconfig.library.json), and only the files its index.d.ts reaches are kept: the report's types and the library's
 * own, not the engine's. The build fails if they grow past a few dozen KB, which means a public type names the
 * engine's (tsconfig.library.json says how such a function is kept out).
 */
async function buildDeclarations() {
  const emitted = mkdtempSync(join(tmpdir(), 'conn-doctor-types-'));
  try {
    const tsc = resolve(root, 'node_modules/typescript/bin/tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.library.json', '--outDir', emitted], {
      cwd: root,
    }).catch((error) => {
      // tsc's own lines say what is wrong; the child process's stack says nothing more.
      throw new Error(`tsc could not declare the library's types:\n${error.stdout || error.message}`);
    });
    const kept = reachedDeclarations(join(emitted, 'library/index.d.ts'));
    const bytes = kept.reduce((sum, file) => sum + statSync(file).size, 0);
    if (bytes > 48 * 1024)
      throw new Error(
        `the library's declarations reach ${bytes} bytes: ${kept.map((f) => relative(emitted, f)).join(', ')}`,
      );
    for (const file of kept) cpSync(file, resolve(root, 'dist/lib/types', relative(emitted, file)));
  } finally {
    rmSync(emitted, { recursive: true, force: true });
  }
}

/** Every declaration file `entry` imports, itself included. */
function reachedDeclarations(entry) {
  const reached = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop();
    if (reached.has(file)) continue;
    reached.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s+|\bimport\(\s*)'(\.[^']+)'/g)) {
      const imported = resolve(dirname(file), spec.replace(/\.js$/, '.d.ts'));
      if (!existsSync(imported)) throw new Error(`${relative(root, file)} imports ${spec}, which tsc did not declare`);
      pending.push(imported);
    }
  }
  return [...reached];
}
