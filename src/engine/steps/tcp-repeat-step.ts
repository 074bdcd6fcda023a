import { tcpRepeat } from '../../probes/tcp-repeat.js';
import { handshakeProtocol, portOf } from '../../tree/facts.js';
import { ms, openAttempt } from '../../tree/verdicts/evidence.js';
import type { StepRunner } from './step-runner.js';

/** Without --repeat: enough tries to catch a failure that happens one time in a few, quick enough to wait for. */
const defaultCount = 10;
/**
 * Without --repeat, to an SSH server: OpenSSH 9.8+ blocks a source for a while after about 15 connections that never
 * log in, and this diagnosis has already made a few (the connect, the banner read).
 */
export const sshDefaultCount = 4;

export const tcpRepeatStep: StepRunner<'tcp.repeat'> = async ({ facts, budget }) => {
  const open = openAttempt(facts);
  if (!open) throw new Error('tcp.repeat reached without an open address');
  const repeat = await tcpRepeat(
    { address: open.address, family: open.family, port: portOf(facts) },
    facts.repeatCount ?? (handshakeProtocol(facts) === 'ssh' ? sshDefaultCount : defaultCount),
    budget,
  );
  const times = repeat.connectMs;
  return {
    patch: { repeat },
    outcome: repeat.failed === 0 ? 'all-open' : repeat.succeeded === 0 ? 'all-failed' : 'mixed',
    summary:
      `${repeat.succeeded} of ${repeat.attempts.length} connects succeeded` +
      (times ? `; connect min ${ms(times.min)}, median ${ms(times.median)}, max ${ms(times.max)}` : ''),
    details: repeat,
  };
};
