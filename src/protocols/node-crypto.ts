import type * as NodeCrypto from 'node:crypto';

let loaded: typeof NodeCrypto | null = null;

/**
 * Loads node:crypto for a handshake that has a password to prove (PostgreSQL's MD5 and SCRAM-SHA-256, MySQL's
 * scrambles). Node takes ~2–3 ms to load its crypto module, which a handshake without a password (a placeholder's
 * login, Redis's PING, an SSH banner) never needs: the handshakes call this before they connect when they hold a
 * password, and their synchronous readers then use `nodeCrypto()`.
 */
export async function loadNodeCrypto(): Promise<void> {
  loaded ??= await import('node:crypto');
}

/** node:crypto, once `loadNodeCrypto` has run; a call before it is a bug in the caller, never a network outcome. */
export function nodeCrypto(): typeof NodeCrypto {
  if (!loaded) throw new Error('node:crypto used before loadNodeCrypto()');
  return loaded;
}
