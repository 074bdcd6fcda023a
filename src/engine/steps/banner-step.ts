import type { BannerResult } from '../../probes/banner-result.js';
import { readBanner } from '../../probes/tcp-banner.js';
import { portOf } from '../../tree/facts.js';
import { ms, openAttempt } from '../../tree/verdicts/evidence.js';
import { attemptLine } from './tcp-connect-step.js';
import type { StepRunner } from './step-runner.js';

function summarise(banner: BannerResult): string {
  switch (banner.kind) {
    case 'banner':
      return `the server spoke first${banner.protocol ? ` (${banner.protocol.name})` : ''}: "${banner.bytes.text.slice(0, 60)}"`;
    case 'silent':
      return `connected; the server waits for the client to speak (${ms(banner.waitedMs)} of silence)`;
    case 'closed':
      return `closed (FIN) with no byte after ${ms(banner.afterMs)}`;
    case 'reset':
      return `reset (RST) after ${ms(banner.afterMs)}`;
    case 'connect-failed':
      return `connect failed this time: ${attemptLine(banner.connect)}`;
    case 'aborted':
      return 'cancelled';
  }
}

export const bannerStep: StepRunner = async ({ facts, budget }) => {
  const open = openAttempt(facts);
  if (!open) throw new Error('tcp.banner reached without an open address');
  const banner = await readBanner({ address: open.address, family: open.family, port: portOf(facts) }, budget);
  return { patch: { banner }, outcome: banner.kind, summary: summarise(banner), details: banner };
};
