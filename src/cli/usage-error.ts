/** A problem with what the user typed: one line on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** By name, not instanceof: lazily loaded parts are bundles of their own, each with its own copy of the class. */
export const isUsageError = (error: unknown): error is UsageError =>
  error instanceof Error && error.name === 'UsageError';
