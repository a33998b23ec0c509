// The sum of squares of many tensors in one WASM SIMD pass, for the global gradient norm every training step reports
// and checks (√ of it): tfjs squares each gradient into a new tensor, sums it, then adds the sums, two kernels and a
// pass over memory per variable. Here each number is read once, into four float32 partial sums per tensor.
import * as tf from "@tensorflow/tfjs";
import {
  add, and, block, br, brIf, end, F32, f32Add, f32Load, f32Mul, f32Store, f32x4Add, f32x4ExtractLane, f32x4Mul,
  f32Zero, geU, get, I32, i32, instantiate, isShared, loop, module, mul, set, tee, uleb, V128, v128Load, v128Zero, vec
} from "./wasmBytes.js";
import {addKernel, hasKernel, offsetOf, perBackend, type Info, type KernelArgs, type WasmBackend} from "./wasmBackend.js";

export const SUM_OF_SQUARES = "SumOfSquares";

/** sumsq(x, count, out): out += Σ x[i]² (offsets in bytes), as four lane sums of the whole blocks of 4, then the rest. */
export function sumOfSquaresModule(sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const [X, COUNT, OUT] = [0, 1, 2];
  const [I, END4, END] = [3, 4, 5]; // byte offsets
  const [ACC, V] = [6, 7]; // v128
  const [S, T] = [8, 9]; // f32
  const whileBelow = (limit: number, body: number[]) => [...block, ...loop, ...get(I), ...get(limit), ...geU, ...brIf(1), ...body, ...br(0), ...end, ...end];
  const lane = (l: number) => [...get(ACC), ...f32x4ExtractLane(l)];
  const body = [
    ...get(COUNT), ...i32(-4), ...and, ...i32(4), ...mul, ...set(END4),
    ...get(COUNT), ...i32(4), ...mul, ...set(END),
    ...i32(0), ...set(I), ...v128Zero, ...set(ACC), ...f32Zero, ...set(S),
    ...whileBelow(END4, [
      ...get(X), ...get(I), ...add, ...v128Load(0), ...tee(V), ...get(V), ...f32x4Mul, ...get(ACC), ...f32x4Add, ...set(ACC),
      ...get(I), ...i32(16), ...add, ...set(I)
    ]),
    ...whileBelow(END, [
      ...get(X), ...get(I), ...add, ...f32Load(0), ...tee(T), ...get(T), ...f32Mul, ...get(S), ...f32Add, ...set(S),
      ...get(I), ...i32(4), ...add, ...set(I)
    ]),
    ...get(OUT),
    ...get(OUT), ...f32Load(0),
    ...lane(0), ...lane(1), ...f32Add, ...lane(2), ...lane(3), ...f32Add, ...f32Add, ...get(S), ...f32Add,
    ...f32Add, ...f32Store(0)
  ];
  const locals = vec([[...uleb(3), I32], [...uleb(2), V128], [...uleb(2), F32]]);
  return module([{name: "sumsq", params: [I32, I32, I32], locals, body}], sharedMemory);
}

type SumOfSquares = (x: number, count: number, out: number) => void;

const sumOfSquaresFor = perBackend((memory) => instantiate(sumOfSquaresModule(isShared(memory)), memory).sumsq as SumOfSquares);

/** Registers SumOfSquares on the WASM backend: inputs any float32 tensors (keyed 0, 1, …), output Σ of their squares []. */
export function installSumOfSquares(backendName = "wasm"): boolean {
  return addKernel(SUM_OF_SQUARES, backendName, (args: KernelArgs) => {
    const backend = args.backend as unknown as WasmBackend & {typedArrayFromHeap(t: Info): Float32Array};
    const f = sumOfSquaresFor(backend);
    if (!f) throw new Error("SumOfSquares needs WebAssembly SIMD");
    const out = backend.makeOutput([], "float32");
    backend.typedArrayFromHeap(out)[0] = 0;
    const at = offsetOf(backend, out);
    for (const x of Object.values(args.inputs) as unknown as Info[]) {
      const count = x.shape.reduce((a, b) => a * b, 1);
      if (count > 0) f(offsetOf(backend, x), count, at);
    }
    return out;
  });
}

/** Σ of the squares of every number of `tensors` (float32), a scalar: one kernel on WASM, tfjs's ops elsewhere. */
export function sumOfSquares(tensors: tf.Tensor[]): tf.Scalar {
  if (hasKernel(SUM_OF_SQUARES, sumOfSquaresFor) && tensors.every((t) => t.dtype === "float32")) return tf.engine().runKernel(SUM_OF_SQUARES, {...tensors} as unknown as tf.NamedTensorMap) as tf.Scalar;
  return tf.tidy(() => (tensors.length ? tf.addN(tensors.map((t) => tf.sum(tf.square(t)))) : tf.scalar(0)) as tf.Scalar);
}
