// Bundles the CLI into dist/: one small entry for fast start, with rarely used parts (lab, report
// formats, later the Ink UI) split into chunks that load only when asked for.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.tsx' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __CONN_DOCTOR_VERSION__: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
  // Some bundled CommonJS dependencies call require(); ESM output needs one.
  banner: { js: "import { createRequire as __cdRequire } from 'node:module'; const require = __cdRequire(import.meta.url);" },
  logLevel: 'warning',
});
