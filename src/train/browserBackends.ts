// The backends a Worker trains on in the browser: WebGPU, WebGL and CPU (with @tensorflow/tfjs), and WASM with its
// binaries served by the site and its faster kernels installed. Every worker runtime imports this module first and
// then says whether its model wants threads (limitWasmThreads).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-webgpu";
import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js";
import {installFastKernels} from "./fastKernels.js";

// Framework copies the three binaries into the built site and rewrites these to their URLs (served same-origin).
setWasmPaths({
  "tfjs-backend-wasm.wasm": import.meta.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"),
  "tfjs-backend-wasm-simd.wasm": import.meta.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm"),
  "tfjs-backend-wasm-threaded-simd.wasm": import.meta.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm")
});
installFastKernels();

/**
 * Keeps the WASM backend on its single-threaded binary where threads would not pay; call before the backend starts.
 * tfjs-wasm gives its own pool half the logical cores, so on 2 cores the pool has one thread and the threaded binary
 * mostly adds the cost of its atomics: models of many small operations train slower with it. A model whose time is in
 * large matrix products (`largeProducts`, chapter 1's) gains from it on 2 cores too, because its shared memory lets
 * the products use the second core (gemmThreads.ts). Where the page is not cross-origin isolated there are no threads
 * anyway.
 */
export function limitWasmThreads({largeProducts}: {largeProducts: boolean}): void {
  const cores = navigator.hardwareConcurrency || 1;
  const worthIt = largeProducts ? cores >= 2 : Math.floor(cores / 2) >= 2;
  if (!worthIt) tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
}
