import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../engine/session.js';
import { createTestLab, recordDiagnosis } from './lab-events.test-helper.js';
import { verdictLayout, type VerdictLayoutInput } from './verdict-layout.js';
import { wrapVerdict } from './verdict-text.js';

const lab = createTestLab();
afterEach(() => lab.close());

/** A refused connection's verdict, with evidence lines from four answered questions. */
async function refusedSession(): Promise<Session> {
  const answers = { 'server.location': 'other-host', 'server.access': 'yes', 'server.os': 'linux' };
  return (await recordDiagnosis(`127.0.0.1:${await lab.closedPort()}`, { answers })).session;
}

function input(session: Session, rows: number, diagram: string[] = ['a', 'b', 'c', 'd']): VerdictLayoutInput {
  return {
    rows,
    columns: 80,
    header: 'conn-doctor 0.1.0 · target',
    keyBar: '[e] export  [q] quit',
    session,
    text: wrapVerdict(session, 80),
    diagram,
    exportLines: 0,
  };
}

describe('verdictLayout', () => {
  it('shows everything when the terminal is tall enough', async () => {
    const session = await refusedSession();
    expect(verdictLayout(input(session, 80))).toEqual({
      compactSteps: false,
      diagram: 'shown',
      evidenceShown: session.verdict.evidence.length,
      decisiveShown: false,
      moreCounted: true,
    });
  });

  it('gives up evidence first, then the step lines, then the diagram beside the findings', async () => {
    const session = await refusedSession();
    const all = session.verdict.evidence.length;
    expect(all).toBeGreaterThan(2);
    const layouts = Array.from({ length: 40 }, (_, i) => verdictLayout(input(session, 60 - i)));
    // Shrinking the terminal never brings back what a taller one had already given up.
    const rank = (l: (typeof layouts)[number]) => [l.diagram === 'toggle' ? 1 : 0, l.compactSteps ? 1 : 0];
    for (let i = 1; i < layouts.length; i++) {
      const [before, after] = [rank(layouts[i - 1]!), rank(layouts[i]!)];
      expect(after[0]! > before[0]! || (after[0] === before[0] && after[1]! >= before[1]!)).toBe(true);
    }
    // Evidence is cut down to one item before the steps are compacted.
    const full = layouts.filter((l) => !l.compactSteps);
    expect(full[0]?.evidenceShown).toBe(all);
    expect(full.at(-1)?.evidenceShown).toBe(1);
    expect(layouts.some((l) => l.compactSteps)).toBe(true);
    // At the smallest, the measurement that decided stands in for the evidence; `v` shows the rest.
    expect(layouts.at(-1)).toMatchObject({ compactSteps: true, diagram: 'toggle', decisiveShown: true });
    expect(layouts.at(-1)?.evidenceShown).toBeLessThanOrEqual(1);
  });

  it('never drops the diagram when there is none to drop', async () => {
    const session = await refusedSession();
    expect(verdictLayout(input(session, 10, [])).diagram).toBe('shown');
  });
});
