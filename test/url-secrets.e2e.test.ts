import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyOutput } from './every-output.js';

// A token in the target's query or path is sent to the server, as the user's own client sends it, and never
// reaches the terminal or a report (it did: target.path carried the raw query into every report).
const token = 's3cr3tQueryToken42';
const segment = 'T0A1B2C3D4E5F6G7H8I9J0K1';
const seen: string[] = [];
let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('no such hook\n');
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise((done) => server.close(done)));

describe('secrets in a target URL, through the built CLI', () => {
  it('reach the server in the request and no output: stdout, JSON, Markdown, HTML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conn-doctor-'));
    try {
      const target = `http://127.0.0.1:${port}/hooks/${segment}/run?api_key=${token}&page=2`;
      const { report, all } = await everyOutput(dir, target);
      expect(seen).toContain(`/hooks/${segment}/run?api_key=${token}&page=2`);
      expect(report.target.path).toBe('/hooks/***/run?api_key=***&page=2');
      expect(report.verdict.id).toBe('http-error-status');
      for (const output of all) {
        expect(output).not.toContain(token);
        expect(output).not.toContain(segment);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
