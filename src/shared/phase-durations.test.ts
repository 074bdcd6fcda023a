import { describe, expect, it } from 'vitest';
import { derivePhaseDurations } from './phase-durations.js';
import type { PhaseMarks } from './phase-timings.js';

const marks = (overrides: Partial<PhaseMarks> = {}): PhaseMarks => ({
  connectedAt: 1.04,
  secureAt: 5.5,
  requestWrittenAt: 5.6,
  firstByteAt: 12.26,
  doneAt: 13,
  ...overrides,
});

describe('derivePhaseDurations', () => {
  it('counts every phase from the start, name resolution included, like curl -w', () => {
    expect(derivePhaseDurations(marks(), 2)).toEqual({
      dnsMs: 2,
      connectMs: 3,
      tlsMs: 7.5,
      firstByteMs: 14.3,
      totalMs: 15,
    });
  });

  it('has no DNS figure and no offset for an IP literal', () => {
    expect(derivePhaseDurations(marks({ secureAt: null }), null)).toEqual({
      dnsMs: null,
      connectMs: 1,
      tlsMs: null,
      firstByteMs: 12.3,
      totalMs: 13,
    });
  });

  it('leaves phases that never happened null', () => {
    const neverConnected = {
      connectedAt: null,
      secureAt: null,
      requestWrittenAt: null,
      firstByteAt: null,
      doneAt: 3000,
    };
    expect(derivePhaseDurations(neverConnected, 0.5)).toEqual({
      dnsMs: 0.5,
      connectMs: null,
      tlsMs: null,
      firstByteMs: null,
      totalMs: 3000.5,
    });
  });
});
