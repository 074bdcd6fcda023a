import type { TargetSource } from '../shared/target-source.js';

/** One target of a sweep, with where it came from. */
export interface SourcedTarget {
  /** What to show: the target with any credentials and secret query values replaced by `***`. */
  input: string;
  /** The target as written (after the file's own variable expansion): for the engine only, never printed. */
  raw: string;
  source: TargetSource;
}

/** A file that cannot be read as what it claims to be: one line for the user, naming the file and the line. */
export interface SourceError {
  file: string;
  /** 1-based. */
  line: number;
  /** Says what is wrong without quoting the file's values, which may hold secrets. */
  message: string;
}

/** What a source file yields: its targets in file order and notes on what was skipped or needs care, or an error. */
export type SourceResult = { targets: SourcedTarget[]; notes: string[] } | { error: SourceError };

/** The error as the one line the CLI prints before exiting 2: `compose.yaml:12: ports of "web" …`. */
export function formatSourceError(error: SourceError): string {
  return `${error.file}:${error.line}: ${error.message}`;
}
