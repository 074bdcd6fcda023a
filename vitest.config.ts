import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects, told apart by the test file's name:
 * - `*.e2e.test.ts(x)`: end to end — the built CLI (dist/), tmux, npm pack; `npm run build` first.
 * - `*.netns.test.ts(x)`: network namespaces the test makes itself (root, `ip`, `iptables`).
 * - `*.real-server.test.ts(x)`: real server software the test starts (nginx, HAProxy, sshd, socat, PostgreSQL, …;
 *   see test/real-server.ts). `openssl`, which the test certificates need anyway, counts as a tool, not a server.
 * Those three make the `system` project; every other test is `unit`: the fast inner loop, `npm run test:unit`.
 * - `*.mocks.test.ts(x)`: replaces modules or globals (`vi.mock`, `vi.hoisted`, `vi.stubEnv`, `vi.stubGlobal`), so
 *   it runs in a module graph of its own (`unit-mocks`). The other unit files share one graph per worker
 *   (`isolate: false`): importing every module again for each of ~150 files was over half the unit run's CPU.
 *   test/architecture.test.ts checks that only `*.mocks` files replace modules.
 * `vitest run` (so `npm test` and CI) runs them all.
 */
const kinds = '{e2e,netns,real-server}';
const roots = ['src', 'test'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Probes time real sockets; two cores are shared best by a couple of workers.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: roots.map((root) => `${root}/**/*.test.{ts,tsx}`),
          exclude: [...configDefaults.exclude, `**/*.${kinds}.test.{ts,tsx}`, '**/*.mocks.test.{ts,tsx}'],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'unit-mocks', include: roots.map((root) => `${root}/**/*.mocks.test.{ts,tsx}`) } },
      { extends: true, test: { name: 'system', include: roots.map((root) => `${root}/**/*.${kinds}.test.{ts,tsx}`) } },
    ],
  },
});
