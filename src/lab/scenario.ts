import type { LabDnsServer } from './dns-server.js';

/** One fault the lab can stage, with the diagnosis conn-doctor must reach for it. */
export interface LabScenario {
  /** Stable id, kebab-case: 'closed-port'. */
  id: string;
  /** One line for the demo list. */
  title: string;
  /** The verdict id conn-doctor must reach (a string: the lab imports nothing of ours). */
  expectedVerdict: string;
  /** The confidence the verdict must state, where it matters (a silent port is not healthy "certain"). */
  expectedConfidence?: 'certain' | 'likely' | 'possible';
  /** Exit status conn-doctor must end with: 0 healthy, 1 diagnosed problem. */
  expectedExit: 0 | 1;
  /** A program the scenario runs ('socat'); where it is missing, the lab skips the scenario and says why. */
  requires?: string;
  start(shared: LabShared): Promise<RunningScenario>;
}

/** What every scenario of one lab run shares. */
export interface LabShared {
  /** The lab's DNS server on loopback, answering for names under lab.test. */
  dns: LabDnsServer;
}

/** A started scenario: how to point conn-doctor at it, and how to tear it down. */
export interface RunningScenario {
  /** What to pass to conn-doctor as target, e.g. 'http://127.0.0.1:41234/'. */
  target: string;
  /** Extra CLI args, e.g. ['--dns-server', '127.0.0.1:5353'] or ['--timeout', '1000']. */
  args: string[];
  /** Environment variables conn-doctor must run with (proxy variables), on top of the caller's. */
  env?: Record<string, string>;
  stop(): Promise<void>;
}
