/**
 * Moments of one exchange, in ms since the probe started (monotonic `nowMs()` deltas). Hooks only record
 * these marks; durations are derived once, by `derivePhaseDurations`, for the UI and every report alike.
 */
export interface PhaseMarks {
  connectedAt: number | null;
  /** TLS handshake done (https only; null for plain connections). */
  secureAt: number | null;
  requestWrittenAt: number | null;
  firstByteAt: number | null;
  doneAt: number;
}

/** curl `--write-out` style durations, each from the start of the probe (`time_connect`, …). */
export interface PhaseDurations {
  /** Name resolution, measured by the DNS step (curl's time_namelookup); null for IP literals. */
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  firstByteMs: number | null;
  totalMs: number;
}
