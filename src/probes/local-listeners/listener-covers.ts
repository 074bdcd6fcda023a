import type { LocalListener } from './listener.js';

/**
 * Whether this listener receives connections to `address` on its port: bound to that very address, to its
 * IPv4-mapped form, or to the wildcard of its family (`0.0.0.0`, `::`). A `::` listener may or may not take IPv4 too
 * (IPV6_V6ONLY, which the socket table does not show), so it is not counted for an IPv4 address.
 */
export function listenerCovers(listener: LocalListener, address: string, family: 4 | 6): boolean {
  if (listener.address === address || listener.address === `::ffff:${address}`) return true;
  return listener.family === family && listener.address === (family === 4 ? '0.0.0.0' : '::');
}
