import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithProgram, findProgram, freePort, makeServerDir, startRealServer } from './real-server.js';
import { runCli } from './run-cli.js';

// Issue 11: a chunked error page (Node, Express, Go) was shown with its chunk sizes, `the page says: "6 boom: 11 …"`.
let server: http.Server;
let upstreamPort = 0;

beforeAll(async () => {
  // Two writes with no Content-Length: node:http sends the body chunked, as an Express error handler does.
  server = http.createServer((_, res) => {
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.write('boom: ');
    res.end('database is down\n');
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  upstreamPort = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise((done) => server.close(done)));

describe('a chunked error page from a real node:http server, through the built CLI', () => {
  it('is decoded in the JSON, Markdown and HTML reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conn-doctor-'));
    const json = await runCli([`http://127.0.0.1:${upstreamPort}/`, '--json', '--report', join(dir, 'r.md')]);
    const html = await runCli([`http://127.0.0.1:${upstreamPort}/`, '--report', join(dir, 'r.html')]);
    expect(json.code).toBe(1);
    expect(html.code).toBe(1);
    const session = JSON.parse(json.stdout);
    expect(session.verdict.id).toBe('http-error-status');
    // Searched in the whole session rather than at a path: the step's shape is not this test's business.
    expect(JSON.stringify(session)).toContain('"bodyPreview":"boom: database is down\\\\n"');

    const markdown = readFileSync(join(dir, 'r.md'), 'utf8');
    expect(markdown).toContain('"bodyPreview": "boom: database is down\\\\n"');
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('the page says: &quot;boom: database is down&quot;');
    for (const output of [json.stdout, markdown]) expect(output).not.toMatch(/\\r\\n11\\r\\n|6\\r\\nboom/);
  });
});

describeWithProgram('the same page through a real nginx in front', findProgram('nginx'), 'nginx-light', (nginx) => {
  it('is decoded as nginx re-chunks it', async () => {
    // nginx asks its upstream in HTTP/1.0, gets a body that ends at the close, and sends it on chunked itself.
    const port = await freePort();
    const dir = makeServerDir('nginx');
    writeFileSync(
      join(dir, 'nginx.conf'),
      [
        'daemon off;',
        `pid ${dir}/nginx.pid;`,
        'worker_processes 1;',
        'events { worker_connections 64; }',
        'http {',
        `  access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir};`,
        `  server { listen 127.0.0.1:${port}; location / { proxy_pass http://127.0.0.1:${upstreamPort}; } }`,
        '}',
        '',
      ].join('\n'),
    );
    const server = await startRealServer({
      command: nginx,
      args: ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')],
      port,
      dir,
    });
    try {
      const json = await runCli([`http://127.0.0.1:${port}/`, '--json']);
      const text = JSON.stringify(JSON.parse(json.stdout));
      expect(text, server.output()).toContain('{"name":"Transfer-Encoding","value":"chunked"}');
      expect(text).toContain('"bodyPreview":"boom: database is down\\\\n"');
    } finally {
      await server.stop();
    }
  });
});
