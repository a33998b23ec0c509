// The backends a Worker trains on in the browser: WebGPU, WebGL and CPU (with @tensorflow/tfjs), and WASM with its
// binaries served by the site and its faster kernels installed. Every worker runtime imports this module first.
import "@tensorflow/tfjs";
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
