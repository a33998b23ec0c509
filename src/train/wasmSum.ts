// Sums over the leading axes (a bias's gradient: dy summed over the batch) as one WASM SIMD pass. tfjs-backend-wasm
// sums only over innermost axes, so for these it first transposes the whole input, which made the bias gradients of
// chapter 1's step cost more than a matrix product's worth of time. Each output is still the float32 sum of its
// column from the first row to the last, so the numbers are tfjs's own to the bit (tested against its kernel).
import * as tf from "@tensorflow/tfjs";
import {add, and, block, br, brIf, end, F32, f32Add, f32Load, f32Store, f32x4Add, f32Zero, geU, get, I32, i32, instantiate, isShared, loop, module, mul, set, sub, uleb, V128, v128Load, v128Store, v128Zero, vec} from "./wasmBytes.js";
import {offsetOf, perBackend, replaceKernel, type Info, type KernelArgs, type WasmBackend} from "./wasmBackend.js";

/** colsum(x, out, rows, cols): out[j] = Σ_i x[i·cols + j], offsets in bytes. */
export function columnSumModule(sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const [X, OUT, ROWS, COLS] = [0, 1, 2, 3];
  const [J, END4, P, R, STRIDE] = [4, 5, 6, 7, 8]; // j in bytes, the end of whole blocks of 4, a pointer, rows left, 4·cols
  const [ACC] = [9]; // v128
  const [S] = [10]; // f32
  const column = (lanes: boolean) => [
    ...(lanes ? v128Zero : f32Zero), ...set(lanes ? ACC : S),
    ...get(X), ...get(J), ...add, ...set(P),
    ...get(ROWS), ...set(R),
    ...loop,
    ...get(lanes ? ACC : S), ...get(P), ...(lanes ? v128Load(0) : f32Load(0)), ...(lanes ? f32x4Add : f32Add), ...set(lanes ? ACC : S),
    ...get(P), ...get(STRIDE), ...add, ...set(P),
    ...get(R), ...i32(1), ...sub, ...set(R),
    ...get(R), ...brIf(0),
    ...end,
    ...get(OUT), ...get(J), ...add, ...get(lanes ? ACC : S), ...(lanes ? v128Store(0) : f32Store(0)),
    ...get(J), ...i32(lanes ? 16 : 4), ...add, ...set(J)
  ];
  const whileBelow = (limit: number[], body: number[]) => [...block, ...loop, ...get(J), ...limit, ...geU, ...brIf(1), ...body, ...br(0), ...end, ...end];
  const body = [
    ...get(COLS), ...i32(4), ...mul, ...set(STRIDE),
    ...get(COLS), ...i32(-4), ...and, ...i32(4), ...mul, ...set(END4),
    ...i32(0), ...set(J),
    ...whileBelow(get(END4), column(true)),
    ...whileBelow(get(STRIDE), column(false))
  ];
  const locals = vec([[...uleb(5), I32], [...uleb(1), V128], [...uleb(1), F32]]);
  return module([{name: "colsum", params: [I32, I32, I32, I32], locals, body}], sharedMemory);
}

type ColumnSum = (x: number, out: number, rows: number, cols: number) => void;

const columnSumFor = perBackend((memory) => instantiate(columnSumModule(isShared(memory)), memory).colsum as ColumnSum);

/**
 * Replaces the WASM Sum by one that sums float32 inputs over leading axes with `colsum` (rows ≥ 1, any columns);
 * other reductions go to tfjs's kernel.
 */
export function installColumnSum(backendName = "wasm"): boolean {
  return replaceKernel("Sum", backendName, (fallback) => (args: KernelArgs) => {
    const x = args.inputs.x as unknown as Info;
    const {axis, keepDims} = args.attrs as unknown as {axis: number | number[]; keepDims: boolean};
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    const backend = args.backend as unknown as WasmBackend;
    const f = x.dtype === "float32" && leading ? columnSumFor(backend) : null;
    if (!f) return fallback(args);
    const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1), cols = x.shape.slice(axes.length).reduce((a, b) => a * b, 1);
    const outShape = keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
    const out = backend.makeOutput(outShape, "float32");
    if (rows === 0 || cols === 0) {
      if (cols > 0) (backend as unknown as {typedArrayFromHeap(t: Info): Float32Array}).typedArrayFromHeap(out).fill(0);
      return out;
    }
    f(offsetOf(backend, x), offsetOf(backend, out), rows, cols);
    return out;
  });
}
