import { loadYoga, type Yoga } from 'yoga-layout/load';

/**
 * Ink's layout engine for the UI bundle, which the build gives Ink in place of `yoga-layout`
 * (scripts/build.mjs). yoga-layout's own entry instantiates its wasm with a top-level await, and a bundle with
 * one must be ESM, which Node 20 cannot run from a V8 code cache; this object is filled in instead when the
 * wasm is ready: the bundle exports `yogaLoaded` as `ready` (ui-bundle.ts), which the CLI awaits before Ink draws.
 * Ink reads the object's properties only as it lays out, never as its modules load.
 */
const yoga = {} as Yoga;
export default yoga;

export const yogaLoaded: Promise<void> = loadWithoutFetch().then((loaded) => {
  Object.assign(yoga, loaded);
});

/**
 * yoga's Emscripten loader takes its inline `data:` wasm through the global fetch when there is one, and on
 * Node the first fetch loads undici: ~50 ms and ~5 MiB before the first frame. Without fetch it decodes the
 * bytes itself. The global is hidden only while the loader makes that choice, which it does synchronously.
 */
function loadWithoutFetch(): Promise<Yoga> {
  const fetch = globalThis.fetch;
  (globalThis as { fetch?: typeof fetch }).fetch = undefined;
  try {
    return loadYoga();
  } finally {
    globalThis.fetch = fetch;
  }
}
