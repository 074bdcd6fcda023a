/** What every network probe is given: a time budget it never outlives, and a way to be cancelled. */
export interface ProbeBudget {
  /** The probe settles within this many milliseconds, whatever the peer does. */
  timeoutMs: number;
  signal?: AbortSignal;
}
