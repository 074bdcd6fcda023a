import type { Session } from '../engine/session.js';
import type { DnsFacts } from '../probes/dns-facts.js';
import { derivePhaseDurations } from '../shared/phase-durations.js';
import type { PhaseDurations, PhaseMarks } from '../shared/phase-timings.js';
import type { TlsMarks } from '../probes/tls-result.js';

/**
 * curl `-w` style timings of the session's request/response exchange, from the HTTP step's phase marks and
 * the DNS step's time; null when no request ran. Over TLS the marks include the handshake (`tlsMs`). Derived
 * by the probes' one shared function, as the UI does.
 */
export function exchangeTimings(session: Session): PhaseDurations | null {
  const marks = marksOf(session, 'http.request');
  if (!marks || !('requestWrittenAt' in marks)) return null;
  return derivePhaseDurations(marks as PhaseMarks, dnsMsOf(session));
}

/**
 * The same figures for an https target whose TLS handshake ended the diagnosis (a refused certificate, an
 * alert): connect, handshake done (null when it never was), end. Null when a request ran or no handshake did.
 */
export function handshakeTimings(session: Session): PhaseDurations | null {
  if (marksOf(session, 'http.request')) return null;
  const marks = marksOf(session, 'tls.handshake') as TlsMarks | null;
  if (!marks) return null;
  const { connectedAt, secureAt, doneAt } = marks;
  return derivePhaseDurations(
    { connectedAt, secureAt: secureAt ?? null, requestWrittenAt: null, firstByteAt: null, doneAt },
    dnsMsOf(session),
  );
}

/** An IP literal was never looked up: curl's time_namelookup is then no phase at all. */
function dnsMsOf(session: Session): number | null {
  const dns = session.steps.find((step) => step.id === 'dns.lookup')?.details as Partial<DnsFacts> | undefined;
  return dns && dns.mode !== 'ip-literal' && typeof dns.durationMs === 'number' ? dns.durationMs : null;
}

function marksOf(session: Session, id: string): Partial<PhaseMarks> | null {
  const details = session.steps.find((step) => step.id === id)?.details;
  const marks = (details as { marks?: Partial<PhaseMarks> } | null | undefined)?.marks;
  return typeof marks?.doneAt === 'number' ? marks : null;
}
