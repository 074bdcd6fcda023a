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
