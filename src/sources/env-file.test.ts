import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targetsFromEnv } from './env-file.js';
import type { SourceResult } from './sourced-target.js';

const fixture = readFileSync(new URL('./fixtures/app.env', import.meta.url), 'utf8');

/** The line a variable is assigned on, found by a plain text search independent of the parser under test. */
const lineOf = (text: string, name: string) =>
  text.split('\n').findIndex((line) => new RegExp(`^(export )?${name}\\s*=`).test(line)) + 1;

function ok(result: SourceResult) {
  if ('error' in result) throw new Error(`unexpected error: ${JSON.stringify(result.error)}`);
  return result;
}

/** Every secret the fixture holds: none may reach `input`, a note or an error. */
const SECRETS = [
  's3cr3t-pg',
  'hunter2',
  'guest-pw',
  'mongo-pw',
  'pg-env-password',
  'abc123public',
  'key-in-query',
  'dsn-pw',
];

describe('targetsFromEnv on a real-looking .env', () => {
  const result = ok(targetsFromEnv(fixture, '.env'));

  it('finds every URL of a diagnosed scheme and every host/port pair, in file order, with its line and name', () => {
    expect(result.targets.map((t) => [t.source, t.raw])).toEqual([
      [{ kind: 'env', file: '.env', line: lineOf(fixture, 'DB_HOST'), name: 'DB_HOST/DB_PORT' }, '127.0.0.1:5432'],
      [
        { kind: 'env', file: '.env', line: lineOf(fixture, 'DATABASE_URL'), name: 'DATABASE_URL' },
        'postgres://app:s3cr3t-pg#pw@127.0.0.1:5432/app_dev?sslmode=disable',
      ],
      [{ kind: 'env', file: '.env', line: 16, name: 'REDIS_URL' }, 'redis://:hunter2@localhost:6379/0'],
      [{ kind: 'env', file: '.env', line: 17, name: 'AMQP_URL' }, 'amqp://guest:guest-pw@localhost:5672/%2F'],
      [
        { kind: 'env', file: '.env', line: 18, name: 'MONGODB_URI' },
        'mongodb+srv://reader:mongo-pw@cluster0.example.net/app?retryWrites=true&w=majority',
      ],
      [{ kind: 'env', file: '.env', line: 19, name: 'PGHOST/PGPORT' }, 'localhost:5433'],
      [{ kind: 'env', file: '.env', line: 24, name: 'SENTRY_DSN' }, 'https://abc123public@o0.ingest.sentry.io/42'],
      [
        { kind: 'env', file: '.env', line: 27, name: 'API_BASE_URL' },
        'http://localhost:8080/api?api_key=key-in-query&region=eu',
      ],
      [{ kind: 'env', file: '.env', line: 28, name: 'SMTP_HOST/SMTP_PORT' }, 'localhost:1025'],
      [
        { kind: 'env', file: '.env', line: lineOf(fixture, 'HEALTH_URL'), name: 'HEALTH_URL' },
        'http://localhost:3000/health',
      ],
    ]);
  });

  it('shows each target with its credentials and secret query values hidden', () => {
    expect(result.targets.map((t) => t.input)).toEqual([
      '127.0.0.1:5432',
      'postgres://***@127.0.0.1:5432/app_dev?sslmode=disable',
      'redis://***@localhost:6379/0',
      'amqp://***@localhost:5672/%2F',
      'mongodb+srv://***@cluster0.example.net/app?retryWrites=true&w=majority',
      'localhost:5433',
      'https://***@o0.ingest.sentry.io/42',
      'http://localhost:8080/api?api_key=***&region=eu',
      'localhost:1025',
      'http://localhost:3000/health',
    ]);
  });

  it('never puts a secret in an input or a note', () => {
    const shown = JSON.stringify([result.targets.map((t) => t.input), result.notes]);
    for (const secret of SECRETS) expect(shown).not.toContain(secret);
  });

  it('notes the URL-named variables it skips, by name and line, without their values', () => {
    expect(result.notes).toEqual([
      `SQLITE_URL (.env line ${lineOf(fixture, 'SQLITE_URL')}) is not a URL: skipped`,
      `ASSETS_URL (.env line ${lineOf(fixture, 'ASSETS_URL')}) is a s3: URL, which conn-doctor does not diagnose: skipped`,
      `SEARCH_URL (.env line ${lineOf(fixture, 'SEARCH_URL')}) uses \${SEARCH_HOST}, which the file does not set before it: skipped`,
      `LEGACY_DSN (.env line ${lineOf(fixture, 'LEGACY_DSN')}) is not a URL: skipped`,
    ]);
  });

  it('reads the same from a Windows copy of the file (CRLF line ends, a byte-order mark)', () => {
    const windows = `\uFEFF${fixture.replace(/\n/g, '\r\n')}`;
    expect(targetsFromEnv(windows, '.env')).toEqual(result);
  });

  it('leaves HOST/PORT (the app’s own listener), a host without its port and other variables out', () => {
    const names = result.targets.map((t) => (t.source.kind === 'env' ? t.source.name : ''));
    expect(names).not.toContain('HOST/PORT');
    expect(names.join(' ')).not.toMatch(/CACHE|NODE_ENV|POSTGRES_USER|JWT|WEBHOOK|BUILD_LABEL/);
  });
});

describe('targetsFromEnv reads values as dotenv does', () => {
  const one = (text: string) => ok(targetsFromEnv(text, 'x.env')).targets.map((t) => t.raw);

  it('strips quotes and comments (an unquoted # starts one, as in dotenv), accepts export and spaces around =', () => {
    expect(
      one(`A_URL="http://a:1" # c\nexport B_URL='http://b:2'\nC_URL = http://c:3 # c\nD_URL=http://d:4#frag`),
    ).toEqual(['http://a:1', 'http://b:2', 'http://c:3', 'http://d:4']);
  });

  it(`expands \${VAR}, $VAR and \${VAR:-default} from the file, never from the process environment`, () => {
    process.env.CONN_DOCTOR_TEST_HOST = 'from-process-env';
    try {
      const text = `CONN_DOCTOR_TEST_HOST=db.internal\nA_URL=postgres://$CONN_DOCTOR_TEST_HOST:5432/a\nB_URL=redis://\${CACHE:-cache}:6379\n`;
      expect(one(text)).toEqual(['postgres://db.internal:5432/a', 'redis://cache:6379']);
      expect(process.env.CONN_DOCTOR_TEST_HOST).toBe('from-process-env');
      expect(process.env.A_URL).toBeUndefined();
    } finally {
      delete process.env.CONN_DOCTOR_TEST_HOST;
    }
  });

  it('skips a URL built from a variable that only the process environment sets, with a note', () => {
    process.env.CONN_DOCTOR_TEST_ONLY_IN_ENV = 'somewhere';
    try {
      const result = ok(targetsFromEnv(`A_URL=http://\${CONN_DOCTOR_TEST_ONLY_IN_ENV}:80\n`, 'x.env'));
      expect(result.targets).toEqual([]);
      expect(result.notes).toEqual([
        `A_URL (x.env line 1) uses \${CONN_DOCTOR_TEST_ONLY_IN_ENV}, which the file does not set before it: skipped`,
      ]);
    } finally {
      delete process.env.CONN_DOCTOR_TEST_ONLY_IN_ENV;
    }
  });

  it('keeps a single-quoted value literal, as a shell does', () => {
    expect(one('H=db\nA_URL=\'http://$H:1/\'\nB_URL="http://$H:2/"\n')).toEqual(['http://$H:1/', 'http://db:2/']);
  });

  it('takes $(…) and backticks as text and never runs them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conn-doctor-env-'));
    try {
      const ran = join(dir, 'ran');
      const text = [
        `CMD_URL="http://localhost:1/$(touch ${ran})"`,
        `TICK_URL=http://localhost:2/\`touch ${ran}\``,
        `QUOTED_URL=\`http://localhost:3/$(touch ${ran})\``,
        `X=$(touch ${ran})`,
        `Y_URL=http://localhost:4/\${X}`,
      ].join('\n');
      const targets = ok(targetsFromEnv(text, 'x.env')).targets.map((t) => t.raw);
      expect(targets).toEqual([
        `http://localhost:1/$(touch ${ran})`,
        `http://localhost:2/\`touch ${ran}\``,
        `http://localhost:3/$(touch ${ran})`,
        `http://localhost:4/$(touch ${ran})`,
      ]);
      expect(existsSync(ran)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a multi-line double-quoted value and keeps the lines after it right', () => {
    const text = 'CERT="-----BEGIN-----\nabc=\n-----END-----"\n\nREDIS_URL=redis://localhost:6379\n';
    expect(ok(targetsFromEnv(text, 'x.env')).targets[0]!.source).toEqual({
      kind: 'env',
      file: 'x.env',
      line: 5,
      name: 'REDIS_URL',
    });
  });

  it('skips a value with a line break in it (a double-quoted \\n), with a note', () => {
    const result = ok(targetsFromEnv('A_URL="http://localhost:1/\\n\\e[2J"\n', 'x.env'));
    expect(result).toEqual({
      targets: [],
      notes: ['A_URL (x.env line 1) holds a line break or another control character: skipped'],
    });
  });

  it('skips a URL without a host (a placeholder), with a note', () => {
    expect(ok(targetsFromEnv('ICON_URL=https:// # fill in\nAPI_URL=http:///v1\n', 'x.env')).notes).toEqual([
      'ICON_URL (x.env line 1) is a URL without a host: skipped',
      'API_URL (x.env line 2) is a URL without a host: skipped',
    ]);
  });

  it('takes the last assignment of a variable, as dotenv does', () => {
    const result = ok(targetsFromEnv('A_URL=http://one:1\nA_URL=http://two:2\n', 'x.env'));
    expect(result.targets.map((t) => [t.raw, t.source])).toEqual([
      ['http://two:2', { kind: 'env', file: 'x.env', line: 2, name: 'A_URL' }],
    ]);
  });

  it('brackets an IPv6 host of a host/port pair and notes a port that is not one', () => {
    const result = ok(targetsFromEnv('DB_HOST=::1\nDB_PORT=5432\nMQ_HOST=mq\nMQ_PORT=amqp\n', 'x.env'));
    expect(result.targets.map((t) => t.raw)).toEqual(['[::1]:5432']);
    expect(result.notes).toEqual(['MQ_PORT (x.env line 4) is not a port number (1-65535): MQ_HOST/MQ_PORT skipped']);
  });

  it('accepts a name alone (Docker env files pass it through) and an empty file', () => {
    expect(ok(targetsFromEnv('DEBUG\nexport TZ\n', 'x.env'))).toEqual({ targets: [], notes: [] });
    expect(ok(targetsFromEnv('', 'x.env'))).toEqual({ targets: [], notes: [] });
  });
});

describe('targetsFromEnv refuses a file it cannot read, naming the file and line', () => {
  it('a line that is no assignment', () => {
    expect(targetsFromEnv('A=1\n# ok\nthis is not a variable\n', 'config/.env')).toEqual({
      error: { file: 'config/.env', line: 3, message: 'not a NAME=value line (nor a comment)' },
    });
  });

  it('a quote that never closes, without quoting the value', () => {
    const result = targetsFromEnv('A=1\nDATABASE_URL="postgres://u:leaked-pw@db/x\nB=2\n', '.env');
    expect(result).toEqual({
      error: { file: '.env', line: 2, message: 'the " quote opened here for DATABASE_URL is never closed' },
    });
    expect(JSON.stringify(result)).not.toContain('leaked-pw');
  });
});
