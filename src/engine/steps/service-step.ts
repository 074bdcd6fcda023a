import { identifyService } from '../../probes/identify-service.js';
import { postgresIdentificationFollowUp } from '../../protocols/postgres-handshake.js';
import type { ServiceIdentity } from '../../probes/service-identity.js';
import { portOf } from '../../tree/facts.js';
import { schemeProtocol } from '../../shared/target.js';
import { openAttempt } from '../../tree/verdicts/evidence.js';
import { attemptLine } from './tcp-connect-step.js';
import type { StepRunner } from './step-runner.js';

function summarise(service: ServiceIdentity): string {
  switch (service.kind) {
    case 'identified':
      return `this port speaks ${service.protocol.name} (${service.protocol.evidence.slice(0, 60)})`;
    case 'unknown':
      return `not recognised after ${service.tried.length} tries (${service.tried.map((t) => `${t.how}: ${t.outcome}`).join(', ')})`;
    case 'connect-failed':
      return `connect failed this time: ${attemptLine(service.connect)}`;
    case 'aborted':
      return 'cancelled';
  }
}

export const serviceStep: StepRunner<'service.identify'> = async ({ facts, credentials, budget, parking }) => {
  const open = openAttempt(facts);
  if (!open) throw new Error('service.identify reached without an open address');
  // A tcp:// target without credentials has its handshake next, with PostgreSQL's placeholder user: when
  // identification's SSLRequest is answered `N`, the StartupMessage goes out on that connection, and the handshake
  // reads the answer from there (one backend forked, not two). With credentials the handshake sends its own.
  const followUps =
    facts.target.scheme === 'tcp' && !credentials ? { 'postgres-ssl-request': postgresIdentificationFollowUp } : {};
  // An ssh:// handshake that was dropped is looked at again by its banner alone: each hello would be one more
  // connection without a login, which OpenSSH counts against this client.
  const endpoint = { address: open.address, family: open.family, port: portOf(facts) };
  const kept = (await parking?.keptAfterPoll(endpoint)) ?? null;
  const service = await identifyService(
    endpoint,
    budget,
    // The first attempt gets the connect check's connection, when it was kept: one connection fewer.
    parking?.factory(),
    {
      bannerOnly: schemeProtocol(facts.target.scheme) === 'ssh',
      followUps,
      kept,
      wasKept: (socket) => parking?.handedOut(socket) ?? false,
      // MySQL's greeting on a tcp:// target: its connection is kept for the handshake that follows, which logs in on
      // it, where a close after the greeting would count toward max_connect_errors.
      ...(facts.target.scheme === 'tcp' && parking
        ? {
            handOver: (protocol) => (protocol.id === 'mysql' ? (socket) => parking.park(endpoint, socket) : null),
          }
        : {}),
    },
  );
  return { patch: { service }, outcome: service.kind, summary: summarise(service), details: service };
};
