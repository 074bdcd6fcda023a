import type { Session } from '../engine/session.js';
import { derivePhaseDurations } from '../shared/phase-durations.js';
import type { PhaseDurations, PhaseMarks } from '../shared/phase-timings.js';
import { stepOfKind } from './step-of-kind.js';

/**
 * curl `-w` style timings of the session's request/response exchange, from the HTTP step's phase marks and
 * the DNS step's time; null when no request ran. Over TLS the marks include the handshake (`tlsMs`). Derived
 * by the probes' one shared function, as the UI does.
 */
export function exchangeTimings(session: Session): PhaseDurations | null {
  const marks = requestMarks(session);
  return marks && derivePhaseDurations(marks, dnsMsOf(session));
}

/**
 * The same figures for an https target whose TLS handshake ended the diagnosis (a refused certificate, an
 * alert): connect, handshake done (null when it never was), end. Null when a request ran or no handshake did.
 */
export function handshakeTimings(session: Session): PhaseDurations | null {
  if (requestMarks(session)) return null;
  const tls = stepOfKind(session.steps, 'tls.handshake')?.details;
  if (!tls || !('marks' in tls)) return null;
  const { connectedAt, secureAt, doneAt } = tls.marks;
  return derivePhaseDurations(
    { connectedAt, secureAt: secureAt ?? null, requestWrittenAt: null, firstByteAt: null, doneAt },
    dnsMsOf(session),
  );
}

/** An IP literal was never looked up: curl's time_namelookup is then no phase at all. */
function dnsMsOf(session: Session): number | null {
  const dns = stepOfKind(session.steps, 'dns.resolve')?.details;
  return dns && dns.mode !== 'ip-literal' ? dns.durationMs : null;
}

/** The request's phase marks: null when no request ran, or it failed before a connection (nothing was timed). */
function requestMarks(session: Session): PhaseMarks | null {
  const http = stepOfKind(session.steps, 'http.request')?.details;
  return http && 'marks' in http ? http.marks : null;
}
