import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/real-server.js';
import { diagnoseWithSymptom as diagnose } from '../engine/diagnose-with-symptom.test-helper.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A gateway on loopback that answers every request as nginx does when its upstream refuses: 502. */
async function badGateway(): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () =>
      socket.end('HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'),
    );
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

describe('pasted texts of the new families, through the engine on loopback', () => {
  it("a MySQL client's (111) is a refusal the probes reproduce on a closed port", async () => {
    const port = await freePort();
    const session = await diagnose(
      `127.0.0.1:${port}`,
      `ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1:${port}' (111)`,
    );
    expect(session.symptom).toEqual(
      expect.objectContaining({ id: 'refused', source: 'MySQL client (connection refused)' }),
    );
    expect(session.verdict.id).toBe('no-listener');
    expect(session.symptomReproduced).toBe(true);
  });

  it("nginx's upstream refusal is reproduced by the gateway's 502, and a plain refusal is not", async () => {
    const port = await badGateway();
    const nginx = await diagnose(
      `http://127.0.0.1:${port}/`,
      'connect() failed (111: Connection refused) while connecting to upstream, upstream: "http://127.0.0.1:3000/"',
    );
    expect(nginx.verdict.id).toBe('http-upstream-error');
    expect(nginx.symptom?.gateway).toBe(true);
    expect(nginx.symptomReproduced).toBe(true);

    const direct = await diagnose(`http://127.0.0.1:${port}/`, 'curl: (7) Failed to connect: Connection refused');
    expect(direct.verdict.id).toBe('http-upstream-error');
    expect(direct.symptomReproduced).toBe(false);
  });
});
