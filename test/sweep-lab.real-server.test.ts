import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeLabPki } from '../src/lab/certs/lab-pki.js';
import { type TempCaFile, writeTempCaFile } from '../src/lab/certs/temp-ca-file.js';
import { startOnBothLoopbacks } from '../src/lab/servers/both-loopbacks.js';
import { startCloseOnAccept } from '../src/lab/servers/close-on-accept.js';
import { findClosedPort } from '../src/lab/servers/closed-port.js';
import { startGarbageServer } from '../src/lab/servers/garbage-server.js';
import { startHttpStatusServer } from '../src/lab/servers/http-status-server.js';
import type { LabServer } from '../src/lab/servers/lab-server.js';
import { startResetOnAccept } from '../src/lab/servers/reset-on-accept.js';
import { startSilentServer } from '../src/lab/servers/silent-server.js';
import { startTlsServer } from '../src/lab/servers/tls-server.js';
import { POSTGRES_BIN, startPostgres, startRedis } from './protocol-servers.js';
import { describeWithProgram, findProgram, type RealServer } from './real-server.js';
import { runCli } from './run-cli.js';

/**
 * An app's own configuration, swept by the built CLI: a `.env` and a Compose file naming a dozen services on
 * loopback — lab servers that fail for real (refused, 502, 404, silent, expired TLS, reset, noise, closed) and a
 * real Redis and PostgreSQL — each row checked for its verdict and where it came from, and the exit status, in
 * text and in the sweep document.
 */

const redisServer = findProgram('redis-server');
const postgres = findProgram(`${POSTGRES_BIN}/postgres`);
const secrets = ['hunter2', 'sekret', 'wrong-pass', 's3cr3t-token'];

interface SweepDocument {
  kind: string;
  results: {
    source: { kind: string; file?: string; line?: number; name?: string; service?: string };
    input: string;
    report: { verdict: { id: string } } | null;
  }[];
  summary: { total: number; healthy: number; problems: number };
}

/** The 1-based line of the first line of `text` that starts with `start`. */
const lineOf = (text: string, start: string) => text.split('\n').findIndex((line) => line.startsWith(start)) + 1;

describeWithProgram(
  'a sweep of a lab .env and Compose file, with a real Redis and PostgreSQL',
  redisServer && postgres,
  'redis-server and postgresql',
  () => {
    const stops: (() => Promise<void>)[] = [];
    let dir: string;
    let ca: TempCaFile;
    let env: string;
    let compose: string;
    /** Each .env variable (the first of a pair), and the verdict its row must end in. */
    let expectedEnv: [string, string][];
    /** Each Compose service, and the verdict its row must end in. */
    let expectedCompose: [string, string][];

    beforeAll(async () => {
      const lab = async (start: () => Promise<LabServer>) => {
        const server = await start();
        stops.push(server.stop);
        return server.port;
      };
      const real = async (start: Promise<RealServer>) => {
        const server = await start;
        stops.push(server.stop);
        return server.port;
      };
      const pki = makeLabPki();
      ca = await writeTempCaFile(pki.rootCa);
      const pg = await startPostgres(postgres!, {
        hba: ['local all postgres trust', 'host shop app 127.0.0.1/32 trust'],
      });
      stops.push(pg.server.stop);
      await pg.sql('CREATE ROLE app LOGIN');
      await pg.sql('CREATE DATABASE shop OWNER app');
      const [healthy, badGateway, notFound, silent, expired, reset, garbage, closing, redis] = await Promise.all([
        lab(() => startHttpStatusServer(200)),
        lab(() => startHttpStatusServer(502)),
        lab(() => startHttpStatusServer(404)),
        lab(() => startSilentServer()),
        lab(() => startOnBothLoopbacks((host, port) => startTlsServer({ identity: pki.expired, host, port }))),
        lab(() => startResetOnAccept()),
        lab(() => startGarbageServer()),
        lab(() => startCloseOnAccept()),
        real(startRedis(redisServer!, ['--requirepass', 'sekret'])),
      ]);
      const closed = await findClosedPort();
      dir = mkdtempSync(join(tmpdir(), 'conn-doctor-sweep-lab-'));
      env = [
        '# The shop API, on this machine',
        'export NODE_ENV=development',
        `WEB_URL=http://127.0.0.1:${healthy}/`,
        `STATUS_URL="http://127.0.0.1:${healthy}/status?token=s3cr3t-token"`,
        `DATABASE_URL=postgres://app:hunter2@127.0.0.1:${pg.server.port}/shop`,
        `REDIS_URL=redis://:sekret@127.0.0.1:${redis}/0 # sessions`,
        `CACHE_URL='redis://:wrong-pass@127.0.0.1:${redis}/1'`,
        `GATEWAY_URL=http://127.0.0.1:${badGateway}/api`,
        `CATALOG_URL=http://127.0.0.1:${notFound}/catalog`,
        'SEARCH_HOST=127.0.0.1',
        `SEARCH_PORT=${closed}`,
        `REPORTS_URL=http://127.0.0.1:${silent}/`,
        `BILLING_URL=https://localhost:${expired}/`,
        `LEGACY_URL=http://127.0.0.1:${reset}/`,
        `METRICS_URL=http://127.0.0.1:${garbage}/`,
        `MAIL_URL=http://127.0.0.1:${closing}/`,
        'LOG_LEVEL=debug',
      ].join('\n');
      expectedEnv = [
        ['WEB_URL', 'healthy'],
        ['STATUS_URL', 'healthy'],
        ['DATABASE_URL', 'healthy'],
        ['REDIS_URL', 'healthy'],
        ['CACHE_URL', 'authentication-failed'],
        ['GATEWAY_URL', 'http-upstream-error'],
        ['CATALOG_URL', 'http-error-status'],
        ['SEARCH_HOST/SEARCH_PORT', 'no-listener'],
        ['REPORTS_URL', 'no-response'],
        ['BILLING_URL', 'tls-certificate-expired'],
        ['LEGACY_URL', 'reset-after-accept'],
        ['METRICS_URL', 'unexpected-protocol'],
        ['MAIL_URL', 'closed-without-response'],
      ];
      compose = [
        'services:',
        '  web:',
        '    build: .',
        '    ports:',
        `      - "127.0.0.1:${healthy}:8080"`,
        '  db:',
        '    image: postgres:15',
        '    ports:',
        `      - target: 5432`,
        `        published: "${pg.server.port}"`,
        '        host_ip: 127.0.0.1',
        '  cache:',
        '    image: redis:7',
        `    ports: ["${redis}:6379"]`,
        '  search:',
        '    image: opensearch',
        '    ports:',
        `      - ${closed}:9200`,
        '  worker:',
        '    build: ./worker',
        '',
      ].join('\n');
      expectedCompose = [
        ['web', 'healthy'],
        // Seen from here as a port, the database is asked for its default user, whom pg_hba.conf does not let in.
        ['db', 'server-rejects-client'],
        ['cache', 'authentication-required'],
        ['search', 'no-listener'],
      ];
      writeFileSync(join(dir, '.env'), `${env}\n`);
      writeFileSync(join(dir, 'compose.yaml'), compose);
    }, 60_000);

    afterAll(async () => {
      await Promise.all(stops.map((stop) => stop()));
      await ca?.remove();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const sweep = (...args: string[]) =>
      runCli([...args, '--timeout', '1000', '--ca', ca.path], { http_proxy: '', all_proxy: '' }, undefined, {
        cwd: dir,
      });

    it('--env: a row per connection, each with its verdict and its variable and line; exit 1', async () => {
      const run = await sweep('--env');
      expect(run.code, run.stderr).toBe(1);
      for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
      const table = run.stdout.split('\n\n')[1]!.split('\n').slice(1);
      expect(table).toHaveLength(expectedEnv.length);
      for (const [name, verdict] of expectedEnv) {
        const source = `.env:${lineOf(env, name.split('/')[0]!)} ${name} `;
        const row = table.find((line) => line.slice(2).startsWith(source));
        expect(row, `${name} in\n${run.stdout}`).toBeDefined();
        expect(row!.split(/\s+/), name).toContain(verdict);
        expect(row!.startsWith(verdict === 'healthy' ? '✓' : '✗'), row).toBe(true);
      }
      // Problems first: every healthy row comes after every other.
      const marks = table.map((line) => line[0]).join('');
      expect(marks).toMatch(/^✗+✓+$/);
      expect(run.stdout).toContain(`${expectedEnv.length} targets: 4 healthy, 9 with a problem`);
    });

    it('--env --json: the sweep document, each result with its source and its single-target report', async () => {
      const run = await sweep('--env', '--json');
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toBe('');
      for (const secret of secrets) expect(run.stdout).not.toContain(secret);
      const document = JSON.parse(run.stdout) as SweepDocument;
      expect(document.kind).toBe('sweep');
      expect(
        document.results.map((result) => [result.source.name, result.source.line, result.report?.verdict.id]),
      ).toEqual(expectedEnv.map(([name, verdict]) => [name, lineOf(env, name.split('/')[0]!), verdict]));
      for (const result of document.results) expect(result.source).toMatchObject({ kind: 'env', file: '.env' });
      expect(document.summary).toEqual({ total: 13, healthy: 4, problems: 9 });
    });

    it('--compose (found in the folder): each published port from here, with its service and line', async () => {
      const run = await sweep('--compose', '--json');
      expect(run.code, run.stderr).toBe(1);
      // Said on stderr, not in the document: the names resolve only inside the Compose network; worker publishes none.
      expect(run.stderr).toContain('resolve only inside the Compose network');
      expect(run.stderr).toContain('worker');
      const document = JSON.parse(run.stdout) as SweepDocument;
      expect(document.results.map((result) => [result.source.service, result.report?.verdict.id])).toEqual(
        expectedCompose,
      );
      for (const result of document.results)
        expect(result.source).toMatchObject({ kind: 'compose', file: 'compose.yaml' });
      expect(document.results.map((result) => result.source.line)).toEqual([
        lineOf(compose, `      - "127.0.0.1:`),
        lineOf(compose, '      - target: 5432'),
        lineOf(compose, '    ports: ["'),
        compose.split('\n').findIndex((line) => /^ {6}- \d+:9200$/.test(line)) + 1,
      ]);
    });

    it('several sources at once: all their rows, in the order given; exit 0 only when all are healthy', async () => {
      const both = await sweep('--compose', '--env', '--json');
      const document = JSON.parse(both.stdout) as SweepDocument;
      expect(document.results.map((result) => result.source.kind)).toEqual([
        ...expectedCompose.map(() => 'compose'),
        ...expectedEnv.map(() => 'env'),
      ]);
      const healthyOnly = await sweep(
        env.match(/^WEB_URL=(.*)$/m)![1]!,
        env.match(/^DATABASE_URL=(.*)$/m)![1]!,
        env.match(/^REDIS_URL=(\S*)/m)![1]!,
      );
      expect(healthyOnly.code, healthyOnly.stdout).toBe(0);
      for (const secret of secrets) expect(healthyOnly.stdout).not.toContain(secret);
    });
  },
);
