import { execFileSync } from 'node:child_process';
import { chownSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { freePort, makeServerDir, type RealServer, startRealServer } from './real-server.js';

/**
 * Starters for the servers (PostgreSQL, MariaDB, Redis, sshd) the protocol tests and the end-to-end tests run: each in its own temp dir, on
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
}

/**
 * A MariaDB 10.11 on 127.0.0.1 with --skip-name-resolve: an account's host part then matches addresses only, so a
 * client whose address no account names gets error 1130.
 */
export async function startMariadb(program: string, options: MariadbOptions): Promise<RealServer> {
  const dir = makeServerDir('mariadb');
  const data = join(dir, 'data');
  chownSync(dir, uid('mysql'), 0);
  execFileSync('mariadb-install-db', ['--no-defaults', '--user=mysql', `--datadir=${data}`, '--skip-test-db'], {
    stdio: 'ignore',
  });
  writeFileSync(join(dir, 'init.sql'), options.initSql);
  const port = await freePort();
  return startRealServer({
    command: program,
    args: [
      ...['--no-defaults', '--user=mysql', `--datadir=${data}`, `--socket=${join(dir, 'sock')}`],
      ...[`--pid-file=${join(dir, 'pid')}`, '--bind-address=127.0.0.1', `--port=${port}`, '--skip-name-resolve'],
      '--innodb-buffer-pool-size=16M',
      ...(options.maxConnections === undefined ? [] : [`--max-connections=${options.maxConnections}`]),
      `--init-file=${join(dir, 'init.sql')}`,
    ],
    port,
    dir,
  });
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
