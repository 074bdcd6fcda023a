import { assertType, describe, expect, it } from 'vitest';
import type { Step } from '../engine/session.js';
import type { DnsFacts } from '../probes/dns-facts.js';
import type { VerdictBuilders } from '../tree/tree-types.js';
import { verdictIds } from '../tree/verdict-ids.js';
import { verdictBuilders } from '../tree/verdicts/verdict-builders.js';
import { healthyHttpSession } from './session-fixture.test-helper.js';
import { type StepMarks, stepMarks } from './step-mark.js';

/*
 * Compile-time guards: each `@ts-expect-error` below marks code that must NOT compile. Should the types loosen
 * (an outcome typed `string`, details `unknown`, a partial record), the error goes away and `tsc --noEmit`
 * fails on the unused directive. (`assertType` does nothing at run time.) The checks after them look at the
 * same records at run time.
 */

const dns = healthyHttpSession().steps[0]!.details as DnsFacts;
const stepWith = { id: 'a.node', title: 'A step', summary: '', durationMs: 1 };

describe('a step', () => {
  it('has only the outcomes and details of its own kind', () => {
    // @ts-expect-error `refused` is a connect outcome, not a DNS one
    assertType<Step>({ ...stepWith, kind: 'dns.resolve', outcome: 'refused', details: dns });
    // @ts-expect-error no step kind has the outcome `half-open`
    assertType<Step>({ ...stepWith, kind: 'tcp.connect-all', outcome: 'half-open', details: [] });
    // @ts-expect-error an HTTP step keeps an HttpResult, not DNS facts
    assertType<Step>({ ...stepWith, kind: 'http.request', outcome: 'response', details: dns });
    // @ts-expect-error `udp.ping` is no step kind
    assertType<Step>({ ...stepWith, kind: 'udp.ping', outcome: 'resolved', details: dns });
    assertType<Step>({ ...stepWith, kind: 'dns.resolve', outcome: 'resolved', details: dns });
  });
});

describe('the records over every kind and every verdict', () => {
  it('do not compile with a verdict, a kind or an outcome left out', () => {
    const { healthy: _healthy, ...withoutHealthy } = verdictBuilders;
    // @ts-expect-error a verdict without words
    assertType<VerdictBuilders>(withoutHealthy);
    const { 'tcp.repeat': _repeat, ...withoutRepeat } = stepMarks;
    // @ts-expect-error a step kind without marks
    assertType<StepMarks>(withoutRepeat);
    // @ts-expect-error an outcome of the kind (`mixed`) without its mark
    assertType<StepMarks>({ ...stepMarks, 'tcp.repeat': { 'all-open': 'pass', 'all-failed': 'fail' } });
  });

  it('have words for every verdict id', () => {
    for (const id of verdictIds) expect(verdictBuilders[id], id).toBeTypeOf('function');
  });

  it('have a mark or a rule for every outcome they list', () => {
    for (const [kind, row] of Object.entries(stepMarks)) {
      expect(Object.keys(row).length, kind).toBeGreaterThan(0);
      for (const judge of Object.values(row)) {
        expect(typeof judge === 'function' || ['pass', 'fail', 'info'].includes(judge), kind).toBe(true);
      }
    }
  });
});
