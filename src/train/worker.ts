import * as tf from "@tensorflow/tfjs";
import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js";
setWasmPaths({
  "tfjs-backend-wasm.wasm": import.meta.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"),
  "tfjs-backend-wasm-simd.wasm": import.meta.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm"),
  "tfjs-backend-wasm-threaded-simd.wasm": import.meta.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm"),
});
self.onmessage = async () => {
  await tf.setBackend("wasm"); await tf.ready();
  const s = tf.tensor([1,2,3]).sum();
  postMessage({backend: tf.getBackend(), v: (await s.data())[0]});
};
