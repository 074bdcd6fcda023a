import { loadTrustStore, type TrustStore } from '../../probes/trust-store.js';

/**
 * The trust store, assembled once per process and per `--ca`: the handshake caches its TLS context by this
 * very array, so every TLS step of a session (and of `--watch` runs) reuses it.
 */
const stores = new Map<string | null, Promise<TrustStore>>();

export function trustStoreFor(caFile: string | null): Promise<TrustStore> {
  let store = stores.get(caFile);
  if (!store) {
    store = loadTrustStore(caFile);
    stores.set(caFile, store);
  }
  return store;
}
