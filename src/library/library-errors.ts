// What the library throws instead of diagnosing. Each is a mistake in what the caller passed, never a network
// outcome: a target that cannot be reached is a report with a verdict, not an error.

/** The target cannot be diagnosed as written; the message is the line the CLI prints for it (after `conn-doctor: `). */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** An option of `diagnose` or `explainError` is out of range or unusable (a DNS server that is not an IP address, …). */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/**
 * `explainError` was given an error that names no address to diagnose (`socket hang up`, a TLS or HTTP error, …):
 * diagnose the target the code was reaching with `diagnose(target, { symptom: err.message })` instead.
 */
export class NoAddressError extends Error {
  override readonly name = 'NoAddressError';
  /** The error's `code` (`ECONNRESET`, `UND_ERR_SOCKET`, …), when it had one. */
  readonly code: string | null;

  constructor(message: string, code: string | null) {
    super(message);
    this.code = code;
  }
}
