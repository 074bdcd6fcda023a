import type { DiagnoseEvent } from './diagnose-events.js';

/** How `diagnose` runs: the CLI's options of the same names, and what only a program can pass. */
export interface DiagnoseOptions {
  /** Budget of each network probe in ms, as `--timeout`: a whole number from 50 to 600000; 3000 by default. */
  timeoutMs?: number;
  /** Resolve the target through this DNS server only, as `--dns-server`: `ip`, `ip:port` or `[ipv6]:port`. */
  dnsServer?: string | null;
  /** Also trust the CA certificates in this PEM file, as `--ca`. */
  caFile?: string | null;
  /** Check stability with this many connects once the target answers, as `--repeat`: 1 to 100. */
  repeat?: number | null;
  /** The error message your code saw, as `--symptom`: it picks where the diagnosis starts; the report keeps it redacted. */
  symptom?: string | null;
  /** Stops the diagnosis: the promise then rejects with the signal's reason, never with a half-made verdict. */
  signal?: AbortSignal;
  /** Called as the diagnosis goes: each step started and finished, each question answered, the verdict. */
  onEvent?: (event: DiagnoseEvent) => void;
}
