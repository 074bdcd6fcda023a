import { describe, expect, it } from 'vitest';
import { guards } from './guards.js';
import { factsFor } from './proxy-detour.test-helper.js';
import type { SymptomId } from './symptom.js';
import { decodeSymptom, symptomMatchesVerdict } from './symptom-decoder.js';
import { protocolTier } from './symptoms/protocols.js';

/**
 * Protocol clients' texts people pasted in public issue threads, each with its thread, quoted as posted (trimmed
 * to the error). Every one is a server that answered in its own protocol and refused.
 */
const pasted: [text: string, id: SymptomId, thread: string][] = [
  // libpq, and the clients that carry its words: psycopg2, JDBC, node-postgres (via Sequelize), Npgsql, the pg gem.
  [
    'connection to server at "xxx.yyy.eu-west-1.rds.amazonaws.com" (xx.xx.xxx.xxx), port 5432 failed: FATAL:  no pg_hba.conf entry for host "xx.xx.xxx.xx", user "xx", database "xx", no encryption',
    'server-rejects-client',
    'https://github.com/TableProApp/TablePro/issues/887',
  ],
  [
    'FATAL:  no pg_hba.conf entry for host "127.0.0.1", user "drupal", database "drupal", SSL off',
    'server-rejects-client',
    'https://github.com/geerlingguy/ansible-role-postgresql/issues/17',
  ],
  [
    'ConnectionError [SequelizeConnectionError]: no pg_hba.conf entry for host "...", user "...", database "...", no encryptio',
    'server-rejects-client',
    'https://github.com/sequelize/sequelize-auto/issues/619',
  ],
  [
    'Error initializing storage of type postgresql: failed to check for native upsert: pq: pg_hba.conf rejects connection for host "xx.xxx.xxx.xx", user "vault", database "vault_db", no encryption',
    'server-rejects-client',
    'https://github.com/zalando/postgres-operator/issues/2020',
  ],
  [
    'Npgsql.PostgresException (0x80004005): 28000: no pg_hba.conf entry for host "...", user "citus", database "citus", no encryption',
    'server-rejects-client',
    'https://github.com/DbUp/DbUp/issues/688',
  ],
  [
    'psycopg2.OperationalError: connection to server at "localhost" (::1), port 5432 failed: FATAL: sorry, too many clients already',
    'server-connection-limit',
    'https://github.com/gregsadetsky/tps/issues/21',
  ],
  [
    'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) FATAL: sorry, too many clients already',
    'server-connection-limit',
    'https://github.com/Aurora-Admin-Panel/deploy/issues/10',
  ],
  [
    'psycopg.OperationalError: connection failed: FATAL:  sorry, too many clients already',
    'server-connection-limit',
    'https://github.com/Syslifters/sysreptor/issues/201',
  ],
  [
    'Caused by PG::ConnectionBad: FATAL:  the database system is starting up',
    'server-not-ready',
    'https://github.com/phumpal/airbrake-python-test/issues/2',
  ],
  [
    'err="FATAL: the database system is starting up (SQLSTATE 57P03)"',
    'server-not-ready',
    'https://github.com/flynn/flynn/issues/4028',
  ],
  [
    'org.postgresql.util.PSQLException: FATAL: database "biblivre3" does not exist\n\tat org.postgresql.Driver$ConnectThread.getResult(Driver.java:410)',
    'database-missing',
    'https://github.com/cleydyr/biblivre/issues/284',
  ],
  [
    'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "postgres" does not exist',
    'database-missing',
    'https://github.com/mikeizbicki/cmc-csci143/issues/358',
  ],
  // MySQL and MariaDB clients, PHP's PDO, Go's driver, PyMySQL.
  [
    "ERROR 1130 (HY000): Host '172.17.0.43' is not allowed to connect to this MariaDB server",
    'server-rejects-client',
    'https://github.com/ohardy/dokku-mariadb/issues/6',
  ],
  [
    "SQLSTATE[HY000] [1130] Host '192.168.48.3' is not allowed to connect to this MariaDB server",
    'server-rejects-client',
    'https://github.com/alexjustesen/speedtest-tracker/issues/821',
  ],
  [
    "ERROR 1130 (HY000): Host '192.168.43.125' is not allowed to connect to this MySQL server",
    'server-rejects-client',
    'https://github.com/Tencent/phxsql/issues/180',
  ],
  [
    "ERROR 1129 (HY000): Host 'xx.xx.xx.xx' is blocked because of many connection errors; unblock with 'mysqladmin flush-hosts'",
    'server-rejects-client',
    'https://github.com/actiontech/dble/issues/527',
  ],
  [
    "Error: ER_HOST_IS_BLOCKED: Host '192.168.xxxx.xx' is blocked because of many connection errors; unblock with 'mysqladmin flush-hosts'",
    'server-rejects-client',
    'https://github.com/balderdashy/sails/issues/3443',
  ],
  [
    'PDOException: SQLSTATE[HY000] [1040] Too many connections in',
    'server-connection-limit',
    'https://github.com/pulibrary/princeton_ansible/issues/1472',
  ],
  ['Error 1040: Too many connections', 'server-connection-limit', 'https://github.com/traPtitech/traQ/issues/391'],
  [
    "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)",
    'authentication-failed',
    'https://github.com/mysqljs/mysql/issues/2143',
  ],
  [
    "ER_ACCESS_DENIED_ERROR: Access denied for user 'fernando'@'localhost' (using password: YES)",
    'authentication-failed',
    'https://github.com/mysqljs/mysql/issues/2017',
  ],
  [
    "Error 1045: Access denied for user ''@'localhost' (using password: NO)",
    'authentication-failed',
    'https://github.com/cookieY/Yearning/issues/335',
  ],
  [
    "(3159, 'Connections using insecure transport are prohibited while --require_secure_transport=ON.')",
    'server-requires-tls',
    'https://github.com/dbcli/mycli/issues/999',
  ],
  [
    'SQLSTATE[HY000] [3159] Connections using insecure transport are prohibited while --require_secure_transport=ON.',
    'server-requires-tls',
    'https://github.com/kimai/kimai/issues/3246',
  ],
  // Redis clients: ioredis, node-redis, redis-py, Jedis, Lettuce, redis-rb, Redisson.
  [
    '[ioredis] Unhandled error event: ReplyError: NOAUTH Authentication required.',
    'authentication-required',
    'https://github.com/redis/ioredis/issues/307',
  ],
  [
    'ReplyError: Ready check failed: NOAUTH Authentication required.',
    'authentication-required',
    'https://github.com/redis/ioredis/issues/1592',
  ],
  [
    'ReplyError: WRONGPASS invalid username-password pair or user is disabled.',
    'authentication-failed',
    'https://github.com/docmost/docmost/issues/365',
  ],
  [
    'redis.exceptions.AuthenticationError: invalid username-password pair or user is disabled.',
    'authentication-failed',
    'https://github.com/ruoccofabrizio/azure-open-ai-embeddings-qna/issues/72',
  ],
  [
    'redis.clients.jedis.exceptions.JedisDataException: DENIED Redis is running in protected mode because protected mode is enabled, no bind address was specified, no authentication password is requested to clients.',
    'server-rejects-client',
    'https://github.com/xie-chong/interview-learn/issues/3',
  ],
  [
    'e.message: Redis connection failed; nested exception is io.lettuce.core.RedisConnectionException: DENIED Redis is running in protected mode because protected mode is enabled',
    'server-rejects-client',
    'https://github.com/redis/redis/issues/12455',
  ],
  [
    'ReplyError: ERR max number of clients reached',
    'server-connection-limit',
    'https://github.com/redis/ioredis/issues/809',
  ],
  [
    'Heroku: Redis::CommandError: ERR max number of clients reached',
    'server-connection-limit',
    'https://github.com/redis/redis-rb/issues/604',
  ],
  [
    'Caused by: org.redisson.client.RedisException: ERR max number of clients reached.',
    'server-connection-limit',
    'https://github.com/redisson/redisson/issues/1288',
  ],
  [
    'redis.clients.jedis.exceptions.JedisDataException: LOADING Redis is loading the dataset in memory',
    'server-not-ready',
    'https://github.com/redis/redis/issues/812',
  ],
  [
    'RedisClient::CommandError: LOADING Redis is loading the dataset in memory (redis://dawarich_redis:6379)',
    'server-not-ready',
    'https://github.com/Freika/dawarich/issues/1287',
  ],
  // OpenSSH.
  [
    'kex_exchange_identification: read: Connection reset by peer\nConnection reset by 127.0.0.1 port 2222',
    'dropped-at-greeting',
    'https://github.com/TechC0xy/SSH-Ramdisk-Tool-Activation-IOS/issues/5',
  ],
  [
    'debug1: kex_exchange_identification: banner line 0: Exceeded MaxStartups\nkex_exchange_identification: read: Connection reset by peer\nConnection reset by 135.181.230.86 port 22',
    'dropped-at-greeting',
    'https://github.com/NixOS/infra/issues/352',
  ],
  [
    '`ssh_exchange_identification: read: Connection reset by peer`',
    'dropped-at-greeting',
    'https://github.com/thispc/psiphon/issues/25',
  ],
  [
    'kex_exchange_identification: Connection closed by remote host\nConnection closed by 159.89.214.31 port 22',
    'dropped-at-greeting',
    'https://github.com/servo/servo/issues/30389',
  ],
  [
    'Failed to run: kex_exchange_identification: Connection closed by remote host Connection closed by aa.bbb.ccc.d port 22',
    'dropped-at-greeting',
    'https://github.com/spatie/laravel-server-monitor/issues/125',
  ],
  [
    'Connection timed out during banner exchange\nConnection to 45.79.146.115 port 2266 timed out',
    'timeout',
    'https://github.com/pry0cc/axiom/issues/618',
  ],
  [
    '"msg": "Failed to connect to the host via ssh: Connection timed out during banner exchange\\r\\n", "unreachable": true',
    'timeout',
    'https://github.com/jumpserver/jumpserver/issues/1815',
  ],
  // MongoDB drivers.
  [
    "{ MongoError: Authentication failed.\n    at Function.MongoError.create (node_modules/mongodb-core/lib/error.js:31:11)\n  name: 'MongoError',\n  message: 'Authentication failed.',\n  code: 18,",
    'authentication-failed',
    'https://github.com/zellwk/crud-express-mongo/issues/7',
  ],
  [
    '{ MongoNetworkError: failed to connect to server [test-cluster1-shard-00-02-ioe1x.mongodb.net:27017] on first connect [MongoError: bad auth Authentication failed.]',
    'authentication-failed',
    'https://github.com/bradtraversy/node_passport_login/issues/46',
  ],
  [
    'pymongo.errors.OperationFailure: Authentication failed.',
    'authentication-failed',
    'https://github.com/docker-library/mongo/issues/417',
  ],
  [
    'Mongo Replicaset - MongoServerError: Authentication failed.',
    'authentication-failed',
    'https://github.com/bitnami/bitnami-docker-mongodb/issues/353',
  ],
  [
    'UNCAUGHT_EXCEPTION: MongoServerSelectionError: connection <monitor> to 127.0.0.1:27017 closed\n    at Timeout._onTimeout (node_modules/mongodb/src/sdam/topology.ts:606:30)',
    'dropped-at-greeting',
    'https://github.com/Automattic/mongoose/issues/11783',
  ],
  [
    'MongooseServerSelectionError: connection <monitor> to 127.0.0.1:3306 closed',
    'dropped-at-greeting',
    'https://github.com/nisabmohd/openapi-wrapper/issues/10',
  ],
  [
    'MongoServerSelectionError: connection <monitor> to 127.0.0.1:27017 timed out',
    'timeout',
    'https://github.com/spencermountain/dumpster-dive/issues/87',
  ],
  // AMQP clients: amqplib, rabbitmq-c, the RabbitMQ .NET and Java clients, aio-pika.
  [
    'Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile."',
    'authentication-failed',
    'https://github.com/amqp-node/amqplib/issues/237',
  ],
  [
    'RabbitMQ.Client.Exceptions.AuthenticationFailureException: ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.',
    'authentication-failed',
    'https://github.com/rabbitmq/rabbitmq-server/issues/2309',
  ],
  [
    '<ProbableAuthenticationError: Client was disconnected at a connection stage indicating a probable authentication error: ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN.',
    'authentication-failed',
    'https://github.com/mosquito/aio-pika/issues/516',
  ],
  [
    'com.rabbitmq.client.ShutdownSignalException: connection error; protocol method: #method<connection.close>(reply-code=530, reply-text=NOT_ALLOWED - vhost not found',
    'database-missing',
    'https://github.com/aznamier/keycloak-event-listener-rabbitmq/issues/12',
  ],
  [
    "Bunny::NotAllowedError: Connection-level error: NOT_ALLOWED - access to vhost 'postal' refused for user 'postal'",
    'server-rejects-client',
    'https://github.com/postalserver/postal/issues/12',
  ],
  [
    'Unhandled rejection Error: Socket closed abruptly during opening handshake\n    at Socket.endWhileOpening (node_modules/amqplib/lib/connection.js:260:17)',
    'dropped-at-greeting',
    'https://github.com/mateodelnorte/servicebus/issues/146',
  ],
  [
    '{ Error: Socket closed abruptly during opening handshake\n at TLSSocket.endWhileOpening (/home/ubuntu/eyowo/notifications/node_modules/amqplib/lib/connection.js:260:17)',
    'dropped-at-greeting',
    'https://github.com/amqp-node/amqplib/issues/548',
  ],
  // SMTP.
  [
    'SMTP -> FROM SERVER:421 Too many concurrent SMTP connections; please try again later.',
    'server-connection-limit',
    'https://github.com/PHPMailer/PHPMailer/issues/2070',
  ],
  [
    'SMTP raised: `421 Too many concurrent SMTP connections from this IP address; please try again later.`',
    'server-connection-limit',
    'https://github.com/kamilc/email_verifier/issues/15',
  ],
  [
    'Expected response code 220 but got code "554", with message "554 5.7.1 <unknown[49.213.40.11]:52491>: Client host rejected: Access denied',
    'server-rejects-client',
    'https://github.com/bestmomo/laravel5-example/issues/62',
  ],
  [
    'Invalid greeting. response=554 5.7.1 You are not allowed to connect.: 554 5.7.1 You are not allowed to connect.',
    'server-rejects-client',
    'https://github.com/zone-eu/zone-mta/pull/496',
  ],
];

describe("decodeSymptom: protocol servers' refusals as their clients print them", () => {
  it.each(pasted)('%j → %s — %s', (text, id) => {
    const decoded = decodeSymptom(text);
    expect(decoded.id).toBe(id);
    if (id !== 'unknown') expect(decoded.meaning).not.toMatch(/not recognised/);
  });

  it('names the server and the refusal in the source', () => {
    expect(decodeSymptom('FATAL: sorry, too many clients already').source).toBe('PostgreSQL 53300 (too many clients)');
    expect(
      decodeSymptom("ERROR 1130 (HY000): Host '10.0.0.5' is not allowed to connect to this MariaDB server").source,
    ).toBe('MySQL 1130 (host not allowed)');
    expect(decodeSymptom('NOAUTH Authentication required.').source).toBe('Redis -NOAUTH');
  });

  it('reads "vhost … not found" with the vhost named, and a bare reset by a port as the end of an SSH exchange', () => {
    expect(decodeSymptom('NOT_ALLOWED - vhost /shop not found').id).toBe('database-missing');
    const limit = "NOT_ALLOWED - access to vhost 'shop' refused for user 'app': connection limit (10) is reached";
    expect(decodeSymptom(limit).id).not.toBe('server-rejects-client');
    expect(decodeSymptom('Connection reset by 127.0.0.1 port 22').id).toBe('dropped-at-greeting');
    expect(decodeSymptom('Connection closed by 127.0.0.1 port 22').id).toBe('dropped-at-greeting');
  });

  it('leaves the wire-level families of the same clients as they were', () => {
    expect(decodeSymptom('ssh: connect to host example.com port 22: Connection refused').id).toBe('refused');
    expect(decodeSymptom("ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1:3307' (111)").id).toBe(
      'refused',
    );
    expect(
      decodeSymptom('psql: error: could not connect to server: server closed the connection unexpectedly').id,
    ).toBe('closed-without-response');
    expect(decodeSymptom('Error: connect ECONNREFUSED 127.0.0.1:6379').id).toBe('refused');
    expect(decodeSymptom('read ECONNRESET').id).toBe('reset');
    expect(decodeSymptom('MongoServerSelectionError: connect ECONNREFUSED 127.0.0.1:27017').id).toBe('refused');
  });
});

describe('symptomMatchesVerdict: a refusal is reproduced by the handshake verdict that names it', () => {
  it.each<[string, Parameters<typeof symptomMatchesVerdict>[1], boolean]>([
    [
      'FATAL:  no pg_hba.conf entry for host "10.0.0.5", user "app", database "shop", no encryption',
      'server-rejects-client',
      true,
    ],
    [
      'FATAL:  no pg_hba.conf entry for host "10.0.0.5", user "app", database "shop", no encryption',
      'authentication-failed',
      false,
    ],
    ['FATAL:  no pg_hba.conf entry for host "10.0.0.5", user "app", database "shop", no encryption', 'healthy', false],
    ['FATAL: sorry, too many clients already', 'server-connection-limit', true],
    ['FATAL: sorry, too many clients already', 'no-listener', false],
    ['FATAL: the database system is starting up', 'server-not-ready', true],
    ['FATAL: database "shop" does not exist', 'database-missing', true],
    ['FATAL: password authentication failed for user "app"', 'authentication-failed', true],
    ['FATAL: password authentication failed for user "app"', 'authentication-required', false],
    ['NOAUTH Authentication required.', 'authentication-required', true],
    ['NOAUTH Authentication required.', 'authentication-failed', true],
    ['DENIED Redis is running in protected mode', 'server-rejects-client', true],
    ['LOADING Redis is loading the dataset in memory', 'healthy', false],
    ["(3159, 'Connections using insecure transport are prohibited')", 'server-requires-tls', true],
    ['kex_exchange_identification: read: Connection reset by peer', 'server-rejects-client', true],
    ['kex_exchange_identification: read: Connection reset by peer', 'server-connection-limit', true],
    ['kex_exchange_identification: read: Connection reset by peer', 'reset-after-accept', true],
    ['kex_exchange_identification: read: Connection reset by peer', 'no-listener', false],
    ['kex_exchange_identification: read: Connection reset by peer', 'healthy', false],
    ['Connection timed out during banner exchange', 'no-response', true],
  ])('%j vs %s → %s', (text, verdict, expected) => {
    expect(symptomMatchesVerdict(decodeSymptom(text).id, verdict)).toBe(expected);
  });
});

describe('the tree routes the refusals', () => {
  const keepalive = guards['keepalive.worth-checking'];
  const intermittent = guards['symptom.intermittent'];

  it.each(pasted.filter(([, id]) => id !== 'timeout').map(([text]) => text))(
    '%j: an http target neither takes the keep-alive detour nor the intermittent branch',
    (text) => {
      const facts = factsFor({ symptom: decodeSymptom(text) });
      expect(keepalive.test(facts)).toBe(false);
      expect(intermittent.test(facts)).toBe(false);
    },
  );
});

describe('the protocol tier gate', () => {
  it('lets through every pasted text one of its patterns matches', () => {
    let checked = 0;
    for (const [text] of pasted) {
      if (!protocolTier.patterns.some((p) => p.pattern.test(text))) continue;
      expect(protocolTier.gate!.test(text), text).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('stays shut for the wire-level texts, so they cost the decoder one scan more and no pattern of this tier', () => {
    for (const text of [
      'curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused',
      'Error: read ECONNRESET',
      'getaddrinfo ENOTFOUND api.example.test',
      'net::ERR_CERT_AUTHORITY_INVALID',
      'socket hang up',
    ]) {
      expect(protocolTier.gate!.test(text), text).toBe(false);
    }
  });
});
