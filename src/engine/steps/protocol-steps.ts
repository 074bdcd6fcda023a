/**
 * The steps a protocol URL or a tcp:// target reaches after its connect: the handshake that reads the server's own
 * answer, and service identification. A bundle of their own, without the TLS, proxy and firewall code of
 * lazy-steps.ts (Node's TLS, child_process, dgram and readline with it, ~10 ms to load): a redis:// or postgres://
 * verdict costs little more than Node's own start. Each loads TLS code only when it makes a TLS connection.
 */
export { protocolStep } from './protocol-step.js';
export { serviceStep } from './service-step.js';
