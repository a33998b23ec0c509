// What the hand-written WASM kernels (gemmKernel.ts, wasmAdam.ts, wasmSum.ts) need of tfjs-backend-wasm's backend: its
// memory, where every tensor is a byte range, and outputs allocated there; and one compiled instance per backend.
import {backend, getBackend, getKernel, registerKernel, unregisterKernel} from "@tensorflow/tfjs";
import type * as tf from "@tensorflow/tfjs";

export interface Info {dataId: object; shape: number[]; dtype: tf.DataType}

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

/** The byte offset of a tensor's data in the backend's memory. */
export function offsetOf(backend: WasmBackend, t: Info): number {
  return backend.dataIdMap.get(t.dataId)!.memoryOffset;
}

/**
 * `make(memory)` once per backend, or null for a backend without a reachable memory or where `make` throws (a
 * CompileError where WebAssembly SIMD is missing): the caller then uses tfjs's own kernel.
 */
export function perBackend<T>(make: (memory: WebAssembly.Memory) => T): (backend: WasmBackend) => T | null {
  const made = new WeakMap<object, T | null>();
  return (backend) => {
    if (!made.has(backend)) {
      const memory = backendMemory(backend);
      let value: T | null = null;
      try {
        if (memory) value = make(memory);
      } catch {
        value = null;
      }
      made.set(backend, value);
    }
    return made.get(backend) ?? null;
  };
}

export type KernelArgs = Parameters<tf.KernelFunc>[0];

/** Registers a kernel of the site's own (a fused operation tfjs does not have); false where it is registered already. */
export function addKernel(kernelName: string, backendName: string, kernelFunc: (args: KernelArgs) => unknown): boolean {
  if (getKernel(kernelName, backendName)) return false;
  registerKernel({kernelName, backendName, kernelFunc: kernelFunc as tf.KernelFunc});
  return true;
}

/** Whether `kernelName` (one of addKernel's) runs on the current backend: registered there, and `compiled` for it. */
export function hasKernel(kernelName: string, compiled: (backend: WasmBackend) => unknown): boolean {
  return getKernel(kernelName, getBackend()) !== undefined && compiled(backend() as unknown as WasmBackend) !== null;
}

/**
 * Replaces `kernelName` on `backendName` by `make(original)`, where `original` is the kernel function registered
 * before (taken now, so that the new one can fall back to it). False where the backend has no such kernel.
 */
export function replaceKernel(kernelName: string, backendName: string, make: (original: tf.KernelFunc) => (args: KernelArgs) => unknown): boolean {
  const original = getKernel(kernelName, backendName);
  if (!original) return false;
  const kernelFunc = make(original.kernelFunc) as tf.KernelFunc;
  unregisterKernel(kernelName, backendName);
  registerKernel({...original, kernelFunc});
  return true;
}
