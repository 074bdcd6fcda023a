import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** What Emscripten calls, given the module's imports, instead of fetching and instantiating the wasm itself. */
type InstantiateWasm = (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance) => void) => object;

/**
 * The build lets `loadYoga` pass its options on to yoga's Emscripten loader, and puts the wasm next to the bundle
 * as dist/yoga.wasm instead of in it as base64 (scripts/build.mjs).
 */
const loadYogaWith = loadYoga as unknown as (options: { instantiateWasm: InstantiateWasm }) => Promise<Yoga>;

/**
 * The wasm is compiled from the moment this module runs, first in the bundle (ui-bundle.ts), on V8's background
 * threads while the rest of the bundle evaluates. Left to itself, yoga's loader decoded its base64 in JavaScript
 * and started compiling only once the whole bundle had run (measured ~9 ms between the two and Ink's first frame).
 * Without `instantiateWasm` it would also fetch its inline wasm through the global fetch, which loads undici.
 */
export const yogaLoaded: Promise<void> = new Promise<Yoga>((resolve, reject) => {
  loadYogaWith({
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(readFileSync(join(__dirname, 'yoga.wasm')), imports).then(
        ({ instance }) => receive(instance),
        reject,
      );
      return {};
    },
  }).then(resolve, reject);
}).then((loaded) => {
  Object.assign(yoga, loaded);
});
