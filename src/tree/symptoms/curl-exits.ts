import { curl, curl7, curlGate, type SymptomPattern } from './pattern-kit.js';

/** curl exit codes without a more telling message. */
export const curlExitPatterns: readonly SymptomPattern[] = [
  {
    pattern: new RegExp(curl7, 'i'),
    gate: curlGate,
    id: 'refused',
    source: 'curl exit 7',
    meaning:
      'curl could not open the TCP connection. Without more detail this is almost always a refusal: the SYN was answered by a reset (RST) because nothing listens on that port.',
  },
  { pattern: curl(28, 'OPERATION_TIMEDOUT'), gate: curlGate, id: 'timeout', source: 'curl exit 28' },
  { pattern: curl(56, 'RECV_ERROR'), gate: curlGate, id: 'reset', source: 'curl exit 56' },
];
