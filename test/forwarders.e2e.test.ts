import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  describeWithProgram,
  findProgram,
  freePort,
  makeServerDir,
  type RealServer,
  startRealServer,
} from './real-server.js';
import { findClosedPort } from '../src/lab/servers/closed-port.js';
import { runCli } from './run-cli.js';

// Given real forwarders and proxies from Debian's packages, each started here on loopback with its config in a temp
// dir, when the built CLI diagnoses their port, then it names a dead backend only with evidence: the backend
// probed and refused, or the proxy's own 502. A proxy's close without a byte names both readings instead.

interface Verdict {
  id: string;
  title: string;
  summary: string;
  confidence: string;
  evidence: string[];
  nextSteps: string[];
}

async function diagnose(target: string, ...args: string[]): Promise<Verdict> {
  const result = await runCli([target, '--json', ...args]);
  expect(result.stderr).toBe('');
  return (JSON.parse(result.stdout) as { verdict: Verdict }).verdict;
}

const running: RealServer[] = [];
/** Stops what the test started, last first: an ssh client before the sshd it is connected to. */
afterEach(async () => {
  for (const server of running.splice(0).reverse()) await server.stop();
});
async function start(...args: Parameters<typeof startRealServer>): Promise<RealServer> {
  const server = await startRealServer(...args);
  running.push(server);
  return server;
}

describeWithProgram('socat forwarding to a dead backend', findProgram('socat'), 'socat', (socat) => {
  it.each(['tcp://', '', 'http://'])(
    '%shost:port: the backend is probed, refused, and the verdict certain',
    async (scheme) => {
      // The dead port is picked outside the ephemeral range: no server started later in the run is handed it.
      const [port, dead] = [await freePort(), await findClosedPort()];
      await start({
        command: socat,
        args: [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `TCP:127.0.0.1:${dead}`],
        port,
        dir: makeServerDir('socat'),
      });
      const verdict = await diagnose(`${scheme}127.0.0.1:${port}${scheme === 'http://' ? '/' : ''}`);
      expect(verdict).toMatchObject({ id: 'forwarder-backend-down', confidence: 'certain' });
      expect(verdict.evidence).toContain(`its command line forwards to 127.0.0.1:${dead} (TCP:127.0.0.1:${dead})`);
      expect(
        verdict.evidence.some((line) => line.startsWith(`backend 127.0.0.1:${dead} refused: nothing listens there`)),
      ).toBe(true);
      expect(verdict.nextSteps).toContain(`Try the backend directly: \`nc -vz -w 3 127.0.0.1 ${dead}\``);
    },
  );
});

describeWithProgram(
  'ssh -L to a dead port, through a real sshd',
  findProgram('sshd', '/usr/sbin/sshd'),
  'openssh-server',
  (sshd) => {
    const ssh = findProgram('ssh');
    if (ssh === null && process.env.CI === 'true')
      throw new Error('ssh (openssh-client) is missing: .ci/run installs it');
    it.skipIf(ssh === null)('the forward is read from ssh’s command line, its backend probed: certain', async () => {
      const serverDir = makeServerDir('sshd');
      const [sshPort, forward, dead] = [await freePort(), await freePort(), await findClosedPort()];
      for (const key of ['host_key', 'user_key']) {
        execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(serverDir, key)], { timeout: 10_000 });
      }
      writeFileSync(join(serverDir, 'authorized_keys'), execFileSync('cat', [join(serverDir, 'user_key.pub')]));
      writeFileSync(
        join(serverDir, 'sshd_config'),
        [
          `Port ${sshPort}`,
          'ListenAddress 127.0.0.1',
          `HostKey ${join(serverDir, 'host_key')}`,
          `AuthorizedKeysFile ${join(serverDir, 'authorized_keys')}`,
          `PidFile ${join(serverDir, 'sshd.pid')}`,
          'StrictModes no',
          'UsePAM no',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'AllowTcpForwarding yes',
          '',
        ].join('\n'),
      );
      // sshd checks its privilege-separation folder at start; Debian creates it only when the service starts.
      mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
      await start({
        command: sshd,
        args: ['-D', '-e', '-f', join(serverDir, 'sshd_config')],
        port: sshPort,
        dir: serverDir,
      });

      const clientDir = makeServerDir('ssh-client');
      await start({
        command: ssh as string,
        args: [
          ...['-F', '/dev/null', '-o', `UserKnownHostsFile=${join(clientDir, 'known_hosts')}`],
          ...['-o', 'StrictHostKeyChecking=no', '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes'],
          ...['-i', join(serverDir, 'user_key'), '-p', String(sshPort), '-N'],
          ...['-L', `127.0.0.1:${forward}:127.0.0.1:${dead}`, `${userInfo().username}@127.0.0.1`],
        ],
        port: forward,
        dir: clientDir,
        env: { HOME: clientDir },
      });

      for (const target of [`tcp://127.0.0.1:${forward}`, `http://127.0.0.1:${forward}/`]) {
        const verdict = await diagnose(target);
        expect(verdict).toMatchObject({ id: 'forwarder-backend-down', confidence: 'certain' });
        expect(verdict.title).toBe(`Port ${forward} is a forwarder (ssh -L) whose backend 127.0.0.1:${dead} is down`);
        expect(verdict.evidence).toContain(
          `its command line forwards to 127.0.0.1:${dead} (-L 127.0.0.1:${forward}:127.0.0.1:${dead})`,
        );
        expect(verdict.evidence.some((line) => line.startsWith(`backend 127.0.0.1:${dead} refused`))).toBe(true);
      }
    });
  },
);

/** An HAProxy in tcp mode whose one server refuses; `retries` as given (HAProxy's default is 3, a second apart). */
async function startHaproxy(haproxy: string, retries: number | null) {
  const dir = makeServerDir('haproxy');
  const [port, dead] = [await freePort(), await findClosedPort()];
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(
    config,
    [
      'defaults',
      '  mode tcp',
      '  timeout connect 5s',
      '  timeout client 30s',
      '  timeout server 30s',
      ...(retries === null ? [] : [`  retries ${retries}`]),
      'frontend fe',
      `  bind 127.0.0.1:${port}`,
      '  default_backend app',
      'backend app',
      `  server app1 127.0.0.1:${dead}`,
      '',
    ].join('\n'),
  );
  await start({ command: haproxy, args: ['-db', '-f', config], port, dir });
  return { port, config };
}

describeWithProgram('HAProxy in tcp mode with a dead backend', findProgram('haproxy'), 'haproxy', (haproxy) => {
  it('closing at once: closed-without-response naming HAProxy, both readings, and its server lines', async () => {
    const { port, config } = await startHaproxy(haproxy, 0);
    for (const target of [`tcp://127.0.0.1:${port}`, `127.0.0.1:${port}`, `http://127.0.0.1:${port}/`]) {
      const verdict = await diagnose(target);
      expect(verdict.id, target).toBe('closed-without-response');
      expect(verdict.title).toMatch(new RegExp(`^HAProxy \\(pid \\d+\\) on port ${port} closed`));
      expect(verdict.summary).toContain('it closes on purpose');
      expect(verdict.summary).toContain('termination state SC');
      expect(verdict.evidence).toContain(`HAProxy's configuration: ${config} (from its command line)`);
      expect(verdict.nextSteps[0]).toContain(`its backend's \`server\` lines`);
      expect(verdict.nextSteps[0]).toContain(config);
    }
  });

  it('still retrying its server (the default): never healthy certain; it names HAProxy and where its backends are', async () => {
    const { port, config } = await startHaproxy(haproxy, null);
    // HAProxy answers nothing for about 3 s; a shorter budget sees only its silence, whatever the machine's speed.
    const overTcp = await diagnose(`tcp://127.0.0.1:${port}`, '--timeout', '1500');
    expect(overTcp).toMatchObject({ id: 'healthy', confidence: 'possible' });
    expect(overTcp.summary).toContain('HAProxy retries a server that refuses');
    const overHttp = await diagnose(`http://127.0.0.1:${port}/`, '--timeout', '1500');
    expect(overHttp.id).toBe('no-response');
    expect(overHttp.nextSteps[0]).toBe(`Check the backends in ${config}, and HAProxy's log for this connection`);
  });
});

/** nginx from Debian's package, in the foreground, serving `servers` (the body of its http block). */
async function startNginx(nginx: string, server: (port: number) => string) {
  const dir = makeServerDir('nginx');
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/tmp;`).join(' ');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;\nevents {}\n` +
      `http { access_log ${dir}/access.log; ${temp}\n  ${server(port)}\n}\n`,
  );
  await start({
    command: nginx,
    args: ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')],
    port,
    dir,
  });
  return { port, dir };
}

describeWithProgram('nginx', findProgram('nginx', '/usr/sbin/nginx'), 'nginx-light', (nginx) => {
  it('`return 444`: closed-without-response naming nginx and both readings, not a dead backend', async () => {
    const { port, dir } = await startNginx(nginx, (port) => `server { listen 127.0.0.1:${port}; return 444; }`);
    const verdict = await diagnose(`http://127.0.0.1:${port}/`);
    expect(verdict).toMatchObject({ id: 'closed-without-response', confidence: 'likely' });
    expect(verdict.title).toMatch(new RegExp(`^nginx \\(pid \\d+\\) on port ${port} closed the connection`));
    expect(verdict.summary).toContain("nginx's `return 444` is the first kind");
    expect(verdict.summary).toContain('while connecting to upstream');
    expect(verdict.summary).not.toContain('because it could not reach its backend');
    expect(verdict.nextSteps[0]).toBe(`Read the end of nginx's error log: \`tail -n 20 ${join(dir, 'error.log')}\``);
  });

  it('proxy_pass to a dead backend: its own 502 is the evidence, http-upstream-error', async () => {
    const dead = await findClosedPort();
    const { port } = await startNginx(
      nginx,
      (port) => `server { listen 127.0.0.1:${port}; location / { proxy_pass http://127.0.0.1:${dead}; } }`,
    );
    const verdict = await diagnose(`http://127.0.0.1:${port}/`);
    expect(verdict.id).toBe('http-upstream-error');
    expect(verdict.evidence).toContain('HTTP answer: HTTP/1.1 502 Bad Gateway');
  });
});
