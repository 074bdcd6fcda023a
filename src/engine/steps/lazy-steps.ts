/**
 * The steps most runs never reach (TLS, proxies, keep-alive, repeats, firewall rules), gathered in one module that
 * the build turns into one bundle of its own: the headless start does not parse them, and the steps that share
 * state (the trust store's TLS context) share one copy of it. The protocol handshake and service identification
 * have a smaller bundle of their own (protocol-steps.ts); a TLS scheme's handshake opens its socket from here.
 */
export { firewallStep } from './firewall-step.js';
export { httpRepeatStep } from './http-repeat-step.js';
export { keepaliveStep } from './keepalive-step.js';
export { protocolTlsConnect } from './protocol-tls-connect.js';
export { proxyStep } from './proxy-step.js';
export { tlsSockets } from './tls-sockets.js';
export { tlsPortCheckStep, tlsStep } from './tls-step.js';
