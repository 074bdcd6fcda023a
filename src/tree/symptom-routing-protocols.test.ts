import { afterEach, describe, expect, it } from 'vitest';
import type { LabServer } from '../lab/servers/lab-server.js';
import { startPostgresLike } from '../lab/servers/postgres-like.js';
import { startRedisLike } from '../lab/servers/redis-like.js';
import { diagnoseWithSymptom as diagnose } from '../engine/diagnose-with-symptom.test-helper.js';

const started: LabServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function serve(start: Promise<LabServer>): Promise<string> {
  const server = await start;
  started.push(server);
  return `${server.host}:${server.port}`;
}

describe("a protocol client's pasted refusal, through the engine against the lab's servers on loopback", () => {
  it('libpq\'s "no pg_hba.conf entry" is reproduced by the PostgreSQL handshake\'s 28000', async () => {
    const at = await serve(startPostgresLike());
    const session = await diagnose(
      `postgres://app@${at}/shop`,
      'psql: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  no pg_hba.conf entry for host "127.0.0.1", user "app", database "shop", no encryption',
    );
    expect(session.symptom).toEqual(expect.objectContaining({ id: 'server-rejects-client' }));
    expect(session.verdict.id).toBe('server-rejects-client');
    expect(session.symptomReproduced).toBe(true);
  });

  it('psycopg2\'s "too many clients" is reproduced by a 53300, and not by a server that only lacks a database', async () => {
    const text =
      'psycopg2.OperationalError: connection to server at "localhost" (::1), port 5432 failed: FATAL:  sorry, too many clients already';
    const full = await serve(startPostgresLike(undefined, undefined, 'too-many-clients'));
    const limited = await diagnose(`postgresql://${full}/shop`, text);
    expect(limited.verdict.id).toBe('server-connection-limit');
    expect(limited.symptomReproduced).toBe(true);

    const missing = await serve(startPostgresLike(undefined, undefined, 'no-database'));
    const other = await diagnose(`postgres://app@${missing}/shop`, text);
    expect(other.verdict.id).toBe('database-missing');
    expect(other.symptomReproduced).toBe(false);
  });

  it("ioredis's NOAUTH is reproduced by Redis's -NOAUTH, and WRONGPASS by -WRONGPASS", async () => {
    const at = await serve(startRedisLike(undefined, undefined, { kind: 'requirepass', password: 'lab' }));
    const noauth = await diagnose(
      `redis://${at}`,
      '[ioredis] Unhandled error event: ReplyError: NOAUTH Authentication required.',
    );
    expect(noauth.symptom?.id).toBe('authentication-required');
    expect(noauth.verdict.id).toBe('authentication-required');
    expect(noauth.symptomReproduced).toBe(true);

    const wrong = await diagnose(
      `redis://:not-the-password@${at}`,
      'redis.exceptions.AuthenticationError: invalid username-password pair or user is disabled.',
    );
    expect(wrong.verdict.id).toBe('authentication-failed');
    expect(wrong.symptomReproduced).toBe(true);
  });

  it('a pasted -LOADING is not reproduced by a Redis that is ready and open', async () => {
    const at = await serve(startRedisLike());
    const session = await diagnose(`redis://${at}`, 'LOADING Redis is loading the dataset in memory');
    expect(session.symptom?.id).toBe('server-not-ready');
    expect(session.verdict.id).toBe('healthy');
    expect(session.symptomReproduced).toBe(false);
  });
});
