import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../engine/session.js';
import { reportFileName } from './export-report.js';
import { createTestLab, recordDiagnosis } from './lab-events.test-helper.js';

const lab = createTestLab();
afterEach(() => lab.close());

const at = (session: Session, startedAt: Date, target: Partial<Session['target']> = {}): Session => ({
  ...session,
  startedAt: startedAt.toISOString(),
  target: { ...session.target, ...target },
});

describe('reportFileName', () => {
  it('names the host, the port and the local time the session started', async () => {
    const { session } = await recordDiagnosis(`127.0.0.1:${await lab.closedPort()}`);
    const started = new Date(2025, 0, 2, 3, 4, 5); // local time
    expect(reportFileName(at(session, started, { port: 8080 }), 'md')).toBe(
      'conn-doctor-127.0.0.1-8080-20250102-030405.md',
    );
    expect(reportFileName(at(session, started, { port: 8080 }), 'html')).toMatch(/\.html$/);
  });

  it('writes characters a file system may refuse as _', async () => {
    const { session } = await recordDiagnosis(`127.0.0.1:${await lab.closedPort()}`);
    const name = reportFileName(at(session, new Date(2025, 0, 2), { host: 'fe80::1%eth0', port: 22 }), 'json');
    expect(name).toBe('conn-doctor-fe80__1_eth0-22-20250102-000000.json');
  });
});
