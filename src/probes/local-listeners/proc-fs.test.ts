import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseProcNetTcp } from './proc-net-tcp.js';
import { readProcText, readProcTextInPool, realProcFs } from './proc-fs.js';
import { readProcNetTables } from './proc-listeners.js';

/** A kernel file served as seq_file does: each read returns at most one page, and 0 at the end. */
function pagedFile(text: string, pageBytes = 4096) {
  const bytes = Buffer.from(text);
  let offset = 0;
  const reads: number[] = [];
  const readChunk = (buffer: Buffer) => {
    const n = bytes.copy(buffer, 0, offset, Math.min(bytes.length, offset + Math.min(pageBytes, buffer.length)));
    offset += n;
    reads.push(n);
    return n;
  };
  return { readChunk, reads };
}

describe('readProcText', () => {
  it('joins page-sized reads into the whole file and stops at the short last one, without the read that returns 0', () => {
    const text = 'x'.repeat(4096 * 3 + 500);
    const file = pagedFile(text);
    expect(readProcText(file.readChunk, 1 << 20)).toBe(text);
    expect(file.reads).toEqual([4096, 4096, 4096, 500]);
  });

  it('reads on past a full page and ends on the read that returns 0 when the file ends on a page boundary', () => {
    const file = pagedFile('y'.repeat(8192));
    expect(readProcText(file.readChunk, 1 << 20)).toHaveLength(8192);
    expect(file.reads).toEqual([4096, 4096, 0]);
  });

  it('never reads past its bound', () => {
    const file = pagedFile('z'.repeat(20_000));
    expect(readProcText(file.readChunk, 5000)).toBe('z'.repeat(5000));
    expect(file.reads).toEqual([4096, 904]);
  });
});

describe.runIf(process.platform === 'linux')('realProcFs.readFile on this machine', () => {
  const servers: net.Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  });

  it('reads a /proc/net/tcp that spans several kernel pages whole: every one of 80 listeners is there', async () => {
    // 80 rows of 150 bytes is about three pages.
    for (let i = 0; i < 80; i++) {
      const server = net.createServer();
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      servers.push(server);
    }
    const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
    const text = await realProcFs.readFile('/proc/net/tcp', 4 * 1024 * 1024);
    const listening = new Set(parseProcNetTcp(text, 4).map((socket) => socket.port));
    expect(ports.filter((port) => !listening.has(port))).toEqual([]);
    expect(text.length).toBeGreaterThan(3 * 4096);
  });

  it('reads the same table through the thread pool, with the same bound', async () => {
    const port = (servers[0]!.address() as net.AddressInfo).port;
    const text = await readProcTextInPool('/proc/net/tcp', 4 * 1024 * 1024);
    expect(parseProcNetTcp(text, 4).some((socket) => socket.port === port)).toBe(true);
    expect(await readProcTextInPool('/proc/net/tcp', 1000)).toHaveLength(1000);
    await expect(readProcTextInPool('/proc/no-such-file', 100)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reads both tables ahead of need, each its text or why not, never rejecting', async () => {
    const [v4, v6] = await readProcNetTables();
    expect(v4.status).toBe('fulfilled');
    expect(v4.status === 'fulfilled' && v4.value.split('\n')[0]).toMatch(/^\s*sl\s+local_address/);
    // tcp6 is there unless the kernel has no IPv6; then its read says why rather than rejecting the pair.
    if (existsSync('/proc/net/tcp6'))
      expect(v6.status === 'fulfilled' && v6.value.split('\n')[0]).toMatch(/^\s*sl\s+local_address/);
    else expect(v6).toMatchObject({ status: 'rejected', reason: { code: 'ENOENT' } });
  });

  it('reads a small file whole', async () => {
    expect(await realProcFs.readFile('/proc/self/comm', 64)).toBe(readFileSync('/proc/self/comm', 'utf8'));
  });
});
