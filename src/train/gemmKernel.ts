// The bridge between tfjs-backend-wasm's BatchMatMul and the SIMD products of wasmGemm.ts: the operands are read
// where the backend keeps them (its tensors are byte ranges of one WebAssembly memory) and the product is written into
// a tensor the backend allocates, so nothing is copied. Shapes the kernel does not take are left to the caller.
import * as tf from "@tensorflow/tfjs";
import {GemmCache, gemmFits, gemmModule} from "./wasmGemm.js";
import {GemmThreads, helperMain} from "./gemmThreads.js";
import {isShared} from "./wasmBytes.js";
import {offsetOf, perBackend, type Info, type WasmBackend} from "./wasmBackend.js";

/** How long the helper thread polls for the next product before it sleeps (a training step's products come closer). */
const HELPER_IDLE_MS = 5;

/**
 * A helper thread for the products, where one can share the backend's memory: in a worker (this thread spins while it
 * waits for the helper's half, which a page's main thread should not) of a cross-origin-isolated page, with the
 * threaded WASM build, on more than one core.
 */
function helperThreads(memory: WebAssembly.Memory): GemmThreads | null {
  const scope = globalThis as {WorkerGlobalScope?: unknown; crossOriginIsolated?: boolean; navigator?: {hardwareConcurrency?: number}};
  if (!isShared(memory) || typeof Worker === "undefined" || scope.WorkerGlobalScope === undefined || !scope.crossOriginIsolated) return null;
  if ((scope.navigator?.hardwareConcurrency ?? 1) < 2) return null;
  const url = URL.createObjectURL(new Blob([`(${helperMain})(self, ${HELPER_IDLE_MS});`], {type: "text/javascript"}));
  return new GemmThreads(memory, new Worker(url));
}

/** The product cache over the backend's memory, where the engine validates a SIMD module (null where it does not). */
const cacheFor = perBackend((memory) => {
  if (!WebAssembly.validate(gemmModule({k: 1, n: 8, transposeA: false}, isShared(memory)))) throw new Error("no WebAssembly SIMD here");
  return new GemmCache(memory, helperThreads(memory));
});

/**
 * op(A)·op(B) for float32 matrices (or batches of one) on the WASM backend, or null where the SIMD product does not
 * apply: other dtypes, real batches, shapes not in whole blocks, or no SIMD. A transposed B is transposed first.
 */
export function simdProduct(a: Info, b: Info, transposeA: boolean, transposeB: boolean, backend: WasmBackend): Info | null {
  const rank = a.shape.length;
  if (a.dtype !== "float32" || b.dtype !== "float32" || rank < 2 || b.shape.length !== rank) return null;
  if (a.shape.slice(0, -2).some((d) => d !== 1) || b.shape.slice(0, -2).some((d) => d !== 1)) return null;
  const [a0, a1] = a.shape.slice(-2), [b0, b1] = b.shape.slice(-2);
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const [kb, n] = transposeB ? [b1, b0] : [b0, b1];
  if (k !== kb || !gemmFits({m, k, n, transposeA})) return null;
  const cache = cacheFor(backend);
  if (!cache) return null;
  const gemm = cache.get({k, n, transposeA});
  let bPlain = b;
  if (transposeB) {
    const transpose = tf.getKernel("Transpose", "wasm")!;
    const perm = Array.from({length: rank}, (_, i) => (i < rank - 2 ? i : 2 * rank - 3 - i));
    bPlain = transpose.kernelFunc({inputs: {x: b as tf.TensorInfo}, backend: backend as unknown as tf.KernelBackend, attrs: {perm}}) as Info;
  }
  try {
    const out = backend.makeOutput([...a.shape.slice(0, -2), m, n], "float32");
    gemm(offsetOf(backend, a), offsetOf(backend, bPlain), offsetOf(backend, out), m, m);
    return out;
  } finally {
    if (bPlain !== b) backend.disposeData(bPlain.dataId);
  }
}
