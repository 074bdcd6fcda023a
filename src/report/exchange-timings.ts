import type { Session } from '../engine/session.js';
import type { DnsFacts } from '../probes/dns-facts.js';
import type { PhaseDurations, PhaseMarks } from '../probes/phase-timings.js';
import { derivePhaseDurations } from '../probes/phase-durations.js';

/**
 * curl `-w` style timings of the session's request/response exchange, from its phase marks and the DNS
 * step's time; null when no exchange ran. Derived by the probes' one shared function, as the UI does.
 */
export function exchangeTimings(session: Session): PhaseDurations | null {
  const marks = session.steps.map((step) => marksOf(step.details)).find((found) => found !== null);
  if (!marks) return null;
  const dns = session.steps.find((step) => step.id === 'dns.lookup')?.details as Partial<DnsFacts> | undefined;
  // An IP literal was never looked up: curl's time_namelookup is then no phase at all.
  const dnsMs = dns && dns.mode !== 'ip-literal' && typeof dns.durationMs === 'number' ? dns.durationMs : null;
  return derivePhaseDurations(marks, dnsMs);
}

function marksOf(details: unknown): PhaseMarks | null {
  const marks = (details as { marks?: Partial<PhaseMarks> } | null | undefined)?.marks;
  return typeof marks?.doneAt === 'number' ? (marks as PhaseMarks) : null;
}
