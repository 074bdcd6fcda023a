/**
 * The steps most runs never reach (TLS, service identification, proxies, keep-alive, repeats, firewall rules),
 * gathered in one module that the build turns into one bundle of its own: the headless start does not parse
 * them, and the steps that share state (the trust store's TLS context) share one copy of it.
 */
export { firewallStep } from './firewall-step.js';
export { httpRepeatStep } from './http-repeat-step.js';
export { keepaliveStep } from './keepalive-step.js';
export { protocolStep } from './protocol-step.js';
export { proxyStep } from './proxy-step.js';
export { serviceStep } from './service-step.js';
export { tlsSockets } from './tls-sockets.js';
export { tlsPortCheckStep, tlsStep } from './tls-step.js';
