import type { PhaseDurations, PhaseMarks } from './phase-timings.js';

/**
 * Turns the marks of one exchange into curl `--write-out` figures. Like curl's, each figure counts from
 * the start of the whole exchange, name resolution included: the DNS step ran just before the probe, so its
 * time is the offset of every later mark (and `connectMs` is `time_connect`, not the handshake alone).
 * A phase that never happened stays null. Figures are rounded to 0.1 ms, the precision worth showing.
 */
export function derivePhaseDurations(marks: PhaseMarks, dnsMs: number | null): PhaseDurations {
  const offset = dnsMs === null ? 0 : Math.max(0, dnsMs);
  const at = (mark: number | null) => (mark === null ? null : round(offset + Math.max(0, mark)));
  return {
    dnsMs: dnsMs === null ? null : round(offset),
    connectMs: at(marks.connectedAt),
    tlsMs: at(marks.secureAt),
    firstByteMs: at(marks.firstByteAt),
    totalMs: round(offset + Math.max(0, marks.doneAt)),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
