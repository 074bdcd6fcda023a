import { tcpConnectAll } from '../../probes/tcp-connect.js';
import type { ControlFacts } from '../../tree/facts.js';
import { attemptLine } from './tcp-connect-step.js';
import type { StepRunner } from './step-runner.js';

/** Ports that most hosts either serve or refuse at once; any answer at all proves the host is up. */
const controlPorts = [22, 80, 443];

export const tcpControlStep: StepRunner<'tcp.control'> = async ({ facts, budget }) => {
  const silent = facts.tcp?.find((a) => a.kind === 'timeout') ?? facts.tcp?.[0];
  if (!silent) {
    const control: ControlFacts = { address: facts.target.host, attempts: [] };
    return { patch: { control }, outcome: 'skipped', summary: 'no address to check', details: control };
  }
  const ports = controlPorts.filter((port) => port !== silent.port).slice(0, 2);
  const attempts = await tcpConnectAll(
    ports.map((port) => ({ address: silent.address, family: silent.family, port })),
    budget,
  );
  const control: ControlFacts = { address: silent.address, attempts };
  const answered = attempts.some((a) => a.kind === 'open' || a.kind === 'refused');
  return {
    patch: { control },
    outcome: answered ? 'host-answers' : 'host-silent',
    summary: `${answered ? 'the host answers on other ports' : 'no other port answers either'}: ${attempts.map(attemptLine).join('; ')}`,
    details: control,
  };
};
