import type { ProbeBudget } from '../probes/probe-budget.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { type ConversationOptions, converse } from './conversation.js';
import type { CutShort } from './cut-short.js';
import { type ServerReason, serverReason } from './server-reasons.js';
import { linesOf, readIdentification, type SshIdentification } from './ssh-wire.js';

export type SshHandshake =
  | /** The server identified itself; `linesBefore` holds any text it sent first. */
  {
      kind: 'identification';
      identification: SshIdentification;
      linesBefore: string[];
      reason: ServerReason;
      afterMs: number;
    }
  /** Text instead of an identification, then the end: sshd's `Exceeded MaxStartups`, a wrapper's refusal. */
  | { kind: 'text-then-end'; how: 'closed' | 'reset'; lines: string[]; reason: ServerReason; afterMs: number }
  /**
   * The server ended the connection before any byte: an access rule, a limit, or a forwarder without a backend. No
   * reason of its own: once proves none of them, and the tree's fallback checks tell them apart.
   */
  | { kind: 'ended-before-banner'; how: 'closed' | 'reset'; afterMs: number }
  | CutShort;

/**
 * Connects to an SSH server and reads its identification line, sending nothing, or what arrives instead and when
 * the connection ends. One connection per call, closed at once: OpenSSH 9.8+ penalises a source after about 15
 * connections that never log in, so a diagnosis must call this only a few times. Never throws.
 */
export function sshHandshake(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: ConversationOptions = {},
): Promise<SshHandshake> {
  return converse<SshHandshake>(
    endpoint,
    budget,
    {
      opening: new Uint8Array(0),
      read: (received, afterMs) => {
        const read = readIdentification(received);
        switch (read.kind) {
          case 'incomplete':
            return { kind: 'more' };
          case 'invalid':
            return { kind: 'unexpected', why: read.why };
          case 'identification': {
            const { identification, linesBefore } = read;
            const reason = serverReason('ssh', 'identification');
            return { kind: 'done', result: { kind: 'identification', identification, linesBefore, reason, afterMs } };
          }
          default:
            return read satisfies never;
        }
      },
      ended: (how, received, afterMs) => {
        if (how === 'no-answer') return null;
        const lines = linesOf(received);
        if (lines.length === 0) {
          return { kind: 'ended-before-banner', how, afterMs };
        }
        const reason = serverReason('ssh', 'text-then-end', lines.join('\n'));
        return { kind: 'text-then-end', how, lines, reason, afterMs };
      },
    },
    options,
  );
}

/**
 * The identification in bytes an SSH server already sent unprompted on another connection (service identification
 * read its banner): the same reading as `sshHandshake` makes, without one more connection that never logs in. Null
 * when the bytes hold no complete identification; the caller then connects.
 */
export function sshFromGreeting(greeting: Uint8Array, afterMs: number): SshHandshake | null {
  const read = readIdentification(greeting);
  if (read.kind !== 'identification') return null;
  const { identification, linesBefore } = read;
  return {
    kind: 'identification',
    identification,
    linesBefore,
    reason: serverReason('ssh', 'identification'),
    afterMs,
  };
}
