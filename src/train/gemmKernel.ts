// The bridge between tfjs-backend-wasm's BatchMatMul and the SIMD products of wasmGemm.ts: the operands are read
// where the backend keeps them (its tensors are byte ranges of one WebAssembly memory) and the product is written into
// a tensor the backend allocates, so nothing is copied. Shapes the kernel does not take are left to the caller.
import * as tf from "@tensorflow/tfjs";
import {GemmCache, gemmFits} from "./wasmGemm.js";

interface Info {dataId: object; shape: number[]; dtype: tf.DataType}

/** What the bridge needs of tfjs-backend-wasm's backend. */
export interface WasmBackend {
  wasm?: {asm?: {memory?: unknown}; wasmMemory?: unknown};
  dataIdMap: {get(dataId: object): {memoryOffset: number} | undefined};
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  disposeData(dataId: object): boolean;
}

/**
 * The backend's WebAssembly memory: exported by the single-threaded builds, made by the glue code (and kept as
 * `wasmMemory`) in the threaded one, where it is shared.
 */
export function backendMemory(backend: WasmBackend): WebAssembly.Memory | null {
  if (typeof WebAssembly === "undefined") return null;
  const memory = backend.wasm?.asm?.memory ?? backend.wasm?.wasmMemory;
  return memory instanceof WebAssembly.Memory ? memory : null;
}

const caches = new WeakMap<object, GemmCache | null>();

/** The product cache over the backend's memory, or null where that memory or WebAssembly SIMD is not available. */
function cacheFor(backend: WasmBackend): GemmCache | null {
  if (!caches.has(backend)) {
    let cache: GemmCache | null = null;
    const memory = backendMemory(backend);
    if (memory) {
      try {
        cache = new GemmCache(memory);
        cache.get({k: 1, n: 8, transposeA: false}); // throws a CompileError where SIMD is missing
      } catch {
        cache = null;
      }
    }
    caches.set(backend, cache);
  }
  return caches.get(backend) ?? null;
}

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
    const offset = (t: Info) => backend.dataIdMap.get(t.dataId)!.memoryOffset;
    gemm(offset(a), offset(bPlain), offset(out), m);
    return out;
  } finally {
    if (bPlain !== b) backend.disposeData(bPlain.dataId);
  }
}
