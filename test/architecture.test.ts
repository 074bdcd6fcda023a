import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Imports point one way: cli → ui → engine → tree → protocols → probes → shared. Reports read shared and only
// the types of the engine, the tree and the probes; the lab stands alone; only the UI may load React or Ink.
// `shared` holds what several layers need (the Target type, the HTTP phase durations) and imports nothing of
// ours. `sources` (a sweep's targets read from .env, Compose and list files) reads `shared` only. The library
// (`import … from 'conn-doctor'`) reads the engine, the reports and `shared`, and only the tree's types. This test
// reads every import and fails on an upward edge: each layer is named, never a single file.
const src = fileURLToPath(new URL('../src', import.meta.url));

const mayImport: Record<string, readonly string[]> = {
  shared: ['shared'],
  probes: ['probes', 'shared'],
  /** Application-protocol wire modules and handshakes: on top of the probes' sockets, nothing above. */
  protocols: ['protocols', 'probes', 'shared'],
  tree: ['tree', 'protocols', 'probes', 'shared'],
  engine: ['engine', 'tree', 'protocols', 'probes', 'shared'],
  report: ['report', 'shared'],
  lab: ['lab'],
  /** Where a sweep's targets come from (.env, Compose, lists): pure parsers of file text, on `shared` and nothing else. */
  sources: ['sources', 'shared'],
  ui: ['ui', 'engine', 'tree', 'probes', 'report', 'shared'],
  cli: ['cli', 'engine', 'tree', 'report', 'lab', 'ui', 'sources', 'shared', 'version'],
  /** `import … from 'conn-doctor'`: the engine and the report's types for programs; never the UI or the CLI. */
  library: ['library', 'engine', 'report', 'shared', 'version'],
  version: [],
  /**
   * The installed command: only the code-cache loader, the version, and what starts the engine's worker ahead of
   * the guided app, so that it starts before anything else.
   */
  bin: ['shared/code-cache', 'version', 'cli/start-engine-early'],
};
/** Reports may see the session's types, and nothing else of the engine, the tree or the probes; the library the tree's. */
const typeOnly: Record<string, readonly string[]> = { report: ['engine', 'tree', 'probes'], library: ['tree'] };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const layerOf = (file: string) =>
  relative(src, file)
    .replace(/\\/g, '/')
    .split('/')[0]!
    .replace(/\.tsx?$/, '');

function importsOf(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
    found.push({ spec: match[3]!, typeOnly: Boolean(match[2]) });
  }
  for (const match of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ spec: match[1]!, typeOnly: false });
  return found;
}

describe('architecture', () => {
  const files = sourceFiles(src);

  it('finds the source', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [relative(src, f), f]))('%s imports only downward', (_, file) => {
    const layer = layerOf(file);
    for (const { spec, typeOnly: isType } of importsOf(file)) {
      if (!spec.startsWith('.')) {
        if (/^(react|ink)(\/|$)|^ink-/.test(spec)) expect(layer, `${spec} outside src/ui`).toBe('ui');
        continue;
      }
      const target = relative(src, resolve(dirname(file), spec))
        .replace(/\\/g, '/')
        .replace(/\.js$/, '');
      const allowed = [...(mayImport[layer] ?? []), ...(isType ? (typeOnly[layer] ?? []) : [])];
      const ok = allowed.some((prefix) => target === prefix || target.startsWith(`${prefix}/`));
      expect(ok, `${relative(src, file)} → ${target}`).toBe(true);
    }
  });
});

describe('test files', () => {
  // Unit files share one module graph per worker (vitest.config.ts); one that replaces a module or a global
  // would leak that into the files after it, so it must be a `*.mocks.test` file, which runs in a graph of its own.
  const testFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return testFiles(path);
      return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
    });
  const root = fileURLToPath(new URL('..', import.meta.url));
  const all = [...testFiles(join(root, 'src')), ...testFiles(join(root, 'test'))];

  it('replace modules or globals only in *.mocks.test files', () => {
    const replacing = all.filter((file) =>
      /\bvi\.(mock|doMock|hoisted|stubEnv|stubGlobal|unstubAllEnvs)\(/.test(readFileSync(file, 'utf8')),
    );
    expect(replacing.length).toBeGreaterThan(0);
    expect(replacing.filter((file) => !/\.mocks\.test\.tsx?$/.test(file)).map((file) => relative(root, file))).toEqual(
      [],
    );
  });
});
