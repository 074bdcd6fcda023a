/**
 * Where a sweep's target came from (SPEC §2, the sweep document's `results[].source`): the command line, a line of
 * a dotenv file (with the variable's name), a Compose service's published port, or a line of a `--targets` list.
 * Names and positions only: never a value, so it can be printed and reported as it is.
 */
export type TargetSource =
  | { kind: 'arg' }
  | { kind: 'env'; file: string; line: number; name: string }
  | { kind: 'compose'; file: string; line: number; service: string }
  | { kind: 'list'; file: string; line: number };

/** Why a row has no session. */
export type UnfinishedReason =
  /** The sweep's deadline passed while the row ran, or before it could start. */
  | 'deadline'
  /** The caller's signal stopped the sweep. */
  | 'cancelled'
  /** The engine failed on this row (a bug, not a network outcome); `message` says how. */
  | 'failed';
