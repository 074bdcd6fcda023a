import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLabPki } from '../src/lab/certs/lab-pki.js';
import { writeTempCaFile, type TempCaFile } from '../src/lab/certs/temp-ca-file.js';
import type { LabServer } from '../src/lab/servers/lab-server.js';
import { startTlsServer } from '../src/lab/servers/tls-server.js';
import { runCli } from './run-cli.js';

// Given an HTTPS server on ::1 whose certificate names ::1 (and one that names other.lab.test only), when the built
// CLI diagnoses https://[::1]:port/ under whichever Node runs the tests, then only the second is a name mismatch.
// Some Node 22 and 24 releases' own name check refuses every certificate for ::1 (nodejs/node#64144).
const pki = makeLabPki();
let ca: TempCaFile;
let named: LabServer;
let other: LabServer;
beforeAll(async () => {
  ca = await writeTempCaFile(pki.rootCa);
  named = await startTlsServer({ identity: pki.good, host: '::1' });
  other = await startTlsServer({ identity: pki.wrongName, host: '::1' });
});
afterAll(async () => {
  await Promise.all([named?.stop(), other?.stop(), ca?.remove()]);
});

describe('https://[::1] and the certificate names', () => {
  it.each([
    ['names ::1', 'healthy', () => named.port, 0],
    ['names other.lab.test only', 'tls-hostname-mismatch', () => other.port, 1],
  ] as const)('a certificate that %s → %s', async (_, verdict, port, exit) => {
    const result = await runCli([`https://[::1]:${port()}/`, '--ca', ca.path, '--json']);
    expect(result.stderr).toBe('');
    expect((JSON.parse(result.stdout) as { verdict: { id: string } }).verdict.id).toBe(verdict);
    expect(result.code).toBe(exit);
  });
});
