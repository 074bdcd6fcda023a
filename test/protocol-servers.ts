import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { join } from 'node:path';
import { accepts, findProgram, freePort, makeServerDir, type RealServer, startRealServer } from './real-server.js';

/**
 * Starters for the servers (PostgreSQL, MariaDB, Redis, sshd, Exim, RabbitMQ) the protocol tests and the end-to-end tests run: each in its own temp dir, on
 * 127.0.0.1, in the foreground, with its own config (never the machine's), stopped by pid (test/real-server.ts).
 */

export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

export const uid = (user: string) => Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
export const gid = (user: string) => Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());

export interface PostgresOptions {
  /** The pg_hba.conf lines, in order. */
  hba: string[];
  /** `-c name=value` settings on top of the small defaults (listen on 127.0.0.1, 8 MB of shared buffers). */
  settings?: string[];
  /** A certificate and key for `ssl=on`. */
  tls?: { certPath: string; keyPath: string };
}

export interface StartedPostgres {
  server: RealServer;
  /**
   * Runs SQL as the superuser `postgres`, over the server's own Unix socket; while the server still answers
   * "starting up" (it accepts before it is ready), tries again, a bounded number of times.
   */
  sql(statements: string): Promise<void>;
}

/** A PostgreSQL 15 on 127.0.0.1 with the given pg_hba.conf, initialised in its own dir. */
export async function startPostgres(program: string, options: PostgresOptions): Promise<StartedPostgres> {
  const dir = makeServerDir('postgres');
  const data = join(dir, 'data');
  const socketDir = join(dir, 'sock');
  mkdirSync(socketDir);
  chownSync(dir, uid('postgres'), gid('postgres'));
  chownSync(socketDir, uid('postgres'), gid('postgres'));
  execFileSync(
    'runuser',
    ['-u', 'postgres', '--', `${POSTGRES_BIN}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'],
    { stdio: 'ignore' },
  );
  writeFileSync(join(data, 'pg_hba.conf'), `${options.hba.join('\n')}\n`);
  if (options.tls) {
    for (const [from, to] of [
      [options.tls.certPath, 'server.crt'],
      [options.tls.keyPath, 'server.key'],
    ] as const) {
      copyFileSync(from, join(data, to));
      chownSync(join(data, to), uid('postgres'), gid('postgres'));
    }
    execFileSync('chmod', ['600', join(data, 'server.key')]);
  }
  const port = await freePort();
  const settings = [
    'listen_addresses=127.0.0.1',
    'shared_buffers=8MB',
    'fsync=off',
    ...(options.tls ? ['ssl=on'] : []),
    ...(options.settings ?? []),
  ];
  const server = await startRealServer({
    command: program,
    args: ['-D', data, '-p', String(port), '-k', socketDir, ...settings.flatMap((s) => ['-c', s])],
    port,
    dir,
    user: 'postgres',
  });
  const sql = async (statements: string): Promise<void> => {
    const args = [
      ...['-u', 'postgres', '--', `${POSTGRES_BIN}/psql`, '-h', socketDir, '-p', String(port), '-U', 'postgres'],
      ...['-d', 'postgres', '-q', '-c', statements],
    ];
    for (let attempt = 0; ; attempt++) {
      try {
        execFileSync('runuser', args, { stdio: 'pipe' });
        return;
      } catch (error) {
        const starting = String((error as { stderr?: Buffer }).stderr ?? '').includes('starting up');
        if (!starting || attempt >= 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  return { server, sql };
}

export interface MariadbOptions {
  /** SQL run at start (`--init-file`): accounts and grants. */
  initSql: string;
  maxConnections?: number;
  /** A certificate and key for TLS (`--ssl-cert`, `--ssl-key`), copied into the server's folder for user mysql. */
  tls?: { certPath: string; keyPath: string };
  /** More server options (`--require-secure-transport=ON`, `--max-connect-errors=3`). */
  extra?: string[];
}

/**
 * mariadb-install-db into `data`. Under a loaded machine it failed once in many CI runs without a word (its output
 * was ignored): it is tried once more into a clean folder, and a second failure shows what it printed.
 */
function installMariadbData(data: string): void {
  const args = ['--no-defaults', '--user=mysql', `--datadir=${data}`, '--skip-test-db'];
  try {
    execFileSync('mariadb-install-db', args, { stdio: 'pipe' });
  } catch {
    rmSync(data, { recursive: true, force: true });
    execFileSync('mariadb-install-db', args, { stdio: 'pipe' });
  }
}

/**
 * A MariaDB 10.11 on 127.0.0.1 with --skip-name-resolve: an account's host part then matches addresses only, so a
 * client whose address no account names gets error 1130.
 */
export async function startMariadb(program: string, options: MariadbOptions): Promise<RealServer> {
  const dir = makeServerDir('mariadb');
  const data = join(dir, 'data');
  chownSync(dir, uid('mysql'), 0);
  installMariadbData(data);
  writeFileSync(join(dir, 'init.sql'), options.initSql);
  const tls: string[] = [];
  if (options.tls) {
    copyFileSync(options.tls.certPath, join(dir, 'cert.pem'));
    copyFileSync(options.tls.keyPath, join(dir, 'key.pem'));
    chownSync(join(dir, 'key.pem'), uid('mysql'), 0);
    chmodSync(join(dir, 'key.pem'), 0o600);
    tls.push(`--ssl-cert=${join(dir, 'cert.pem')}`, `--ssl-key=${join(dir, 'key.pem')}`);
  }
  const port = await freePort();
  return startRealServer({
    command: program,
    args: [
      ...['--no-defaults', '--user=mysql', `--datadir=${data}`, `--socket=${join(dir, 'sock')}`],
      ...[`--pid-file=${join(dir, 'pid')}`, '--bind-address=127.0.0.1', `--port=${port}`, '--skip-name-resolve'],
      '--innodb-buffer-pool-size=16M',
      ...(options.maxConnections === undefined ? [] : [`--max-connections=${options.maxConnections}`]),
      ...tls,
      ...(options.extra ?? []),
      `--init-file=${join(dir, 'init.sql')}`,
    ],
    port,
    dir,
  });
}

/** A MariaDB started in a network namespace: reached from there only, administered over its Unix socket. */
export interface NamespacedMariadb {
  /** Its Unix socket (a file: reachable from outside the namespace), for administration that is no TCP client. */
  socket: string;
  /** Runs SQL as root over the Unix socket, and returns what it printed (tab-separated, no column names). */
  sql(statements: string): string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A MariaDB 10.11 inside the network namespace `namespace` (made by the caller), listening on `address`:3306 and on
 * `extraPort` too (`--extra-port`), with name resolution on (the host cache, which max_connect_errors needs, is used
 * only then) and performance_schema (its host_cache table counts each client's connection errors). `ip netns exec`
 * gives it the namespace's own /etc/netns/<namespace>/ files. Ready once root answers over the Unix socket, so that
 * no TCP connection of the harness counts against any client.
 */
export async function startMariadbInNamespace(
  program: string,
  options: { namespace: string; address: string; extraPort: number; initSql: string; extra?: string[] },
): Promise<NamespacedMariadb> {
  const dir = makeServerDir('mariadb-netns');
  const data = join(dir, 'data');
  chownSync(dir, uid('mysql'), 0);
  installMariadbData(data);
  writeFileSync(join(dir, 'init.sql'), options.initSql);
  const socket = join(dir, 'sock');
  const child = spawn(
    'ip',
    [
      ...['netns', 'exec', options.namespace, program],
      ...['--no-defaults', '--user=mysql', `--datadir=${data}`, `--socket=${socket}`, `--pid-file=${join(dir, 'pid')}`],
      // extra_max_connections is 1 by default: more on the extra port would be refused (1040) before being counted.
      ...[`--bind-address=${options.address}`, '--port=3306', `--extra-port=${options.extraPort}`],
      '--extra-max-connections=10',
      ...['--innodb-buffer-pool-size=16M', '--performance-schema=ON', `--init-file=${join(dir, 'init.sql')}`],
      ...(options.extra ?? []),
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < 64 * 1024) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killLater = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killLater);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const admin = (args: string[]) =>
    execFileSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-u', 'root', '-N', '-B', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10_000,
    });
  for (let attempt = 0; ; attempt++) {
    try {
      admin(['-e', 'SELECT 1']);
      break;
    } catch (error) {
      if (child.exitCode !== null || attempt >= 200) {
        await stop();
        throw new Error(`MariaDB in ${options.namespace} did not start: ${String(error)}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { socket, sql: (statements) => admin(['-e', statements]), output: () => output, stop };
}

/**
 * A Redis 7 on 127.0.0.1, without persistence, with `extra` flags (`--requirepass`, `--maxclients`, and for TLS
 * `--port 0 --tls-port P …` with `port` P, the one it is waited on).
 */
export async function startRedis(program: string, extra: string[] = [], port?: number): Promise<RealServer> {
  const listen = port ?? (await freePort());
  const dir = makeServerDir('redis');
  const args = ['--port', String(listen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  return startRealServer({ command: program, args: [...args, ...extra], port: listen, dir });
}

/**
 * An OpenSSH sshd on 127.0.0.1 with its own host key and config, plus `extra` config lines (`MaxStartups 1:100:1`).
 * It needs its privilege-separation folder, /run/sshd, which Debian makes only when its service starts: this makes
 * it (an empty folder), and touches no other part of the machine's SSH setup.
 */
export async function startSshd(program: string, extra: string[] = []): Promise<RealServer> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = makeServerDir('sshd');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    'LoginGraceTime 10',
    'UsePAM no',
    ...extra,
  ];
  writeFileSync(join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  return startRealServer({ command: program, args: ['-D', '-e', '-f', join(dir, 'sshd_config')], port, dir });
}

/**
 * A connection sshd has accepted (it sent its identification) and that never goes on to log in. sshd counts a
 * connection that just closed (the harness's readiness check) until its child has gone: until then it drops this
 * one too, so this tries again, a bounded number of times, until it gets the identification.
 */
export async function holdUnauthenticatedSsh(port: number): Promise<net.Socket> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { socket, first } = await new Promise<{ socket: net.Socket; first: string }>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('data', (chunk: Buffer) => resolve({ socket, first: chunk.toString('latin1') }));
      socket.once('error', reject);
    });
    if (first.startsWith('SSH-')) return socket;
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('sshd kept dropping the connection to hold');
}

export interface EximOptions {
  /** Main-config lines on top of the defaults (`smtp_accept_max = 1`, `host_reject_connection = …`). */
  extra?: string[];
  /** The `begin acl` section's lines, when the config names an ACL. */
  acl?: string[];
  /** A second port where TLS starts on connect (`tls_on_connect_ports`), as smtps:// expects, with this certificate. */
  tls?: { certPath: string; keyPath: string };
  /** A certificate for STARTTLS on the plain port (Exim offers it to every host unless `tls_advertise_hosts` says not). */
  starttls?: { certPath: string; keyPath: string };
  /** The `begin authenticators` section's lines: what AUTH offers (no test logs in). */
  authenticators?: string[];
  /**
   * Where to listen instead of a free port on 127.0.0.1: a fixed port (587, the submission port) on an address of
   * 127.0.0.0/8 the test picks, so that it meets no other listener.
   */
  listen?: { host: string; port: number };
}

export interface StartedExim {
  server: RealServer;
  port: number;
  /** The smtps port, when started with `tls`. */
  tlsPort: number | null;
}

/**
 * An Exim 4.96 on 127.0.0.1 (or where `listen` says) with its own config, spool and log in a temp dir. Exim reads a `-C` config only when no
 * one else may write it, and works as the Debian-exim user once a session is accepted: its spool, log and TLS key
 * belong to that user.
 */
export async function startExim(program: string, options: EximOptions = {}): Promise<StartedExim> {
  const dir = makeServerDir('exim');
  const host = options.listen?.host ?? '127.0.0.1';
  const port = options.listen?.port ?? (await freePort());
  const tlsPort = options.tls ? await freePort(host) : null;
  const exim = uid('Debian-exim');
  for (const sub of ['spool', 'log']) {
    mkdirSync(join(dir, sub));
    chownSync(join(dir, sub), exim, 0);
  }
  const tls: string[] = [];
  const identity = options.tls ?? options.starttls;
  if (identity) {
    copyFileSync(identity.certPath, join(dir, 'cert.pem'));
    copyFileSync(identity.keyPath, join(dir, 'key.pem'));
    chownSync(join(dir, 'key.pem'), exim, 0);
    chmodSync(join(dir, 'key.pem'), 0o600);
    tls.push(`tls_certificate = ${join(dir, 'cert.pem')}`, `tls_privatekey = ${join(dir, 'key.pem')}`);
  }
  if (tlsPort !== null) tls.push(`tls_on_connect_ports = ${tlsPort}`);
  const config = [
    'primary_hostname = mx.conn-doctor.test',
    `daemon_smtp_ports = ${tlsPort === null ? port : `${port} : ${tlsPort}`}`,
    `local_interfaces = ${host}`,
    `spool_directory = ${join(dir, 'spool')}`,
    `log_file_path = ${join(dir, 'log')}/%slog`,
    ...tls,
    ...(options.extra ?? []),
    ...(options.acl?.length ? ['begin acl', ...options.acl] : []),
    ...(options.authenticators?.length ? ['begin authenticators', ...options.authenticators] : []),
  ];
  const file = join(dir, 'exim.conf');
  writeFileSync(file, `${config.join('\n')}\n`);
  chmodSync(file, 0o644);
  const server = await startRealServer({
    command: program,
    args: ['-C', file, '-bdf', '-oP', join(dir, 'exim.pid')],
    host,
    port,
    dir,
  });
  return { server, port, tlsPort };
}

export interface StartedRabbitmq {
  /** The plain AMQP port. */
  port: number;
  /** The AMQPS port, when started with TLS. */
  tlsPort: number | null;
  output(): string;
  /** The broker's own log file so far (connections opened, refused and closed are logged there, not on stdout). */
  log(): string;
  /** Stops the broker (a graceful stop takes ~2 s), then its epmd, and removes their folders. */
  stop(): Promise<void>;
}

/**
 * A RabbitMQ 3.10 on 127.0.0.1, as ../shared/notes/real-servers.md says: its own epmd (on a free port, so that it
 * never meets the machine's or another test's), then the broker as user `rabbitmq` with HOME, Mnesia, logs, config,
 * enabled plugins and env file in its temp dir (none of /etc/rabbitmq or /var/lib/rabbitmq is read), the Erlang
 * cookie mode 400, node name rabbit@localhost, and its distribution port on loopback too. With `tls`, an AMQPS
 * listener as well, with that certificate and key. It takes ~4 s to start here.
 */
export async function startRabbitmq(
  program: string,
  options: { tls?: { certPath: string; keyPath: string }; definitions?: RabbitmqDefinitions } = {},
): Promise<StartedRabbitmq> {
  const epmdProgram = findProgram('epmd', '/usr/bin/epmd');
  if (!epmdProgram) throw new Error('epmd is missing: it comes with erlang-base, which rabbitmq-server depends on');
  const epmdPort = await freePort();
  const epmd = await startRealServer({
    command: epmdProgram,
    args: ['-address', '127.0.0.1', '-port', String(epmdPort)],
    port: epmdPort,
    dir: makeServerDir('epmd'),
  });
  try {
    const dir = makeServerDir('rabbitmq');
    const [port, distPort, tlsPort] = [await freePort(), await freePort(), options.tls ? await freePort() : null];
    const home = join(dir, 'home');
    for (const sub of ['home', 'mnesia', 'log']) mkdirSync(join(dir, sub));
    writeFileSync(join(home, '.erlang.cookie'), randomBytes(20).toString('hex').toUpperCase());
    chmodSync(join(home, '.erlang.cookie'), 0o400);
    const config = [`listeners.tcp.default = 127.0.0.1:${port}`];
    if (options.tls && tlsPort !== null) {
      for (const [from, to] of [
        [options.tls.certPath, 'cert.pem'],
        [options.tls.keyPath, 'key.pem'],
      ] as const) {
        copyFileSync(from, join(dir, to));
      }
      config.push(
        `listeners.ssl.default = 127.0.0.1:${tlsPort}`,
        `ssl_options.certfile = ${join(dir, 'cert.pem')}`,
        `ssl_options.keyfile = ${join(dir, 'key.pem')}`,
        'ssl_options.verify = verify_none',
        'ssl_options.fail_if_no_peer_cert = false',
      );
    }
    if (options.definitions) {
      writeFileSync(join(dir, 'definitions.json'), JSON.stringify(rabbitmqDefinitions(options.definitions)));
      config.push(`load_definitions = ${join(dir, 'definitions.json')}`);
    }
    writeFileSync(join(dir, 'rabbitmq.conf'), `${config.join('\n')}\n`);
    writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
    writeFileSync(join(dir, 'rabbitmq-env.conf'), '');
    execFileSync('chown', ['-R', 'rabbitmq:rabbitmq', dir]);
    const broker = await startRealServer({
      // runuser sets HOME to the user's own (/var/lib/rabbitmq, with the machine's cookie): `env` sets ours after it.
      command: 'env',
      args: [`HOME=${home}`, program],
      port,
      dir,
      user: 'rabbitmq',
      readyTimeoutMs: 30_000,
      env: {
        ERL_EPMD_PORT: String(epmdPort),
        RABBITMQ_NODENAME: 'rabbit@localhost',
        RABBITMQ_DIST_PORT: String(distPort),
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
        RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
        RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
        RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
        RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
        RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
        RABBITMQ_LOG_BASE: join(dir, 'log'),
      },
    });
    // The TLS listener opens in the same boot step as the plain one: wait for it too, bounded.
    if (tlsPort !== null && !(await acceptsWithin(tlsPort, 10_000))) {
      await broker.stop();
      throw new Error(`RabbitMQ's TLS listener did not accept on ${tlsPort}:\n${broker.output()}`);
    }
    return {
      port,
      tlsPort,
      output: broker.output,
      log: () =>
        readdirSync(join(dir, 'log'))
          .filter((name) => name.endsWith('.log'))
          .map((name) => readFileSync(join(dir, 'log', name), 'utf8'))
          .join('\n'),
      stop: async () => {
        await broker.stop();
        await epmd.stop();
      },
    };
  } catch (error) {
    await epmd.stop();
    throw error;
  }
}

/**
 * Users, vhosts and permissions for a broker's definitions file, imported as it boots
 * (https://www.rabbitmq.com/docs/definitions): quicker than a `rabbitmqctl` run per user (each boots an Erlang VM).
 * A broker with definitions gets no default `guest` user and `/` vhost: name them when a test needs them.
 */
export interface RabbitmqDefinitions {
  users: { name: string; password: string }[];
  vhosts: string[];
  /** Full permissions (configure, write, read `.*`) for `user` on `vhost`; a user not listed for a vhost has none. */
  permissions: { user: string; vhost: string }[];
  /** Vhosts with a connection limit (`rabbitmqctl set_vhost_limits … '{"max-connections": N}'`, as a definition). */
  vhostLimits?: { vhost: string; maxConnections: number }[];
}

function rabbitmqDefinitions(definitions: RabbitmqDefinitions) {
  return {
    users: definitions.users.map(({ name, password }) => ({
      name,
      password_hash: rabbitmqPasswordHash(password),
      hashing_algorithm: 'rabbit_password_hashing_sha256',
      tags: '',
    })),
    vhosts: definitions.vhosts.map((name) => ({ name })),
    permissions: definitions.permissions.map(({ user, vhost }) => ({
      user,
      vhost,
      configure: '.*',
      write: '.*',
      read: '.*',
    })),
    // RabbitMQ 3.10 keeps a vhost's limits as its runtime parameter `vhost-limits`/`limits`.
    parameters: (definitions.vhostLimits ?? []).map(({ vhost, maxConnections }) => ({
      vhost,
      component: 'vhost-limits',
      name: 'limits',
      value: { 'max-connections': maxConnections },
    })),
  };
}

/** RabbitMQ's stored password (https://www.rabbitmq.com/docs/passwords#computing-password-hash): base64 of a 4-byte salt and SHA-256(salt + password). */
function rabbitmqPasswordHash(password: string): string {
  const salt = randomBytes(4);
  const digest = createHash('sha256')
    .update(Buffer.concat([salt, Buffer.from(password, 'utf8')]))
    .digest();
  return Buffer.concat([salt, digest]).toString('base64');
}

/** Whether 127.0.0.1:port accepts a connection within `ms`, tried every 50 ms. */
async function acceptsWithin(port: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (await accepts('127.0.0.1', port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
