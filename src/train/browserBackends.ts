// The backends a Worker trains on in the browser: WebGPU, WebGL and CPU (with @tensorflow/tfjs), and WASM with its
// binaries served by the site, its faster kernels installed and its binary chosen for the device's cores. Every
// worker runtime imports this module first.
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

// The threaded binary's memory is shared, which lets the matrix products use a second core (gemmThreads.ts) even where
// tfjs-wasm's own pool has one thread (it takes half the logical cores). On a single core there is nothing to share.
if ((navigator.hardwareConcurrency || 1) < 2) tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
