// Adam's update of one variable as a single WASM kernel ("AdamUpdate"): tfjs's Adam makes 13 tensors per variable and
// step (each a pass over the weights and a call through the engine), this makes three in one pass. It performs the
// very float32 operations of tfjs's AdamOptimizer in the same order (IEEE rounding of each, no fused multiply-add),
// so a run with it is bit for bit the run without it:
//   m' = m·β₁ + g·(1 − β₁)     v' = v·β₂ + (g·g)·(1 − β₂)
//   w' = ((m' / (1 − β₁ᵗ)) / (√(v' / (1 − β₂ᵗ)) + ε))·(−lr) + w
// The scalars arrive as float32 (a number passed to an f32 parameter is rounded as tfjs rounds it into a tensor).
import * as tf from "@tensorflow/tfjs";
import {
  add, block, br, brIf, end, F32, f32Add, f32Div, f32Load, f32Mul, f32Sqrt, f32Store, f32x4Add, f32x4Div, f32x4Mul,
  f32x4Splat, f32x4Sqrt, geU, get, I32, i32, instantiate, isShared, loop, module, and, mul, set, uleb, V128, v128Load,
  v128Store, vec
} from "./wasmBytes.js";
import {addKernel, hasKernel, offsetOf, perBackend, type Info, type KernelArgs, type WasmBackend} from "./wasmBackend.js";

export const ADAM_UPDATE = "AdamUpdate";

/** The scalars of one update, in the order of the function's parameters after the offsets and the count. */
export interface AdamScalars {
  beta1: number;
  /** 1 − β₁, as tfjs computes it (in float64, then rounded). */
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ, in float32. */
  correction1: number;
  correction2: number;
  epsilon: number;
  negLearningRate: number;
}
const SCALARS: (keyof AdamScalars)[] = ["beta1", "oneMinusBeta1", "beta2", "oneMinusBeta2", "correction1", "correction2", "epsilon", "negLearningRate"];

/** adam(w, g, m, v, w′, m′, v′, count, …scalars): byte offsets of the seven arrays, their length, then AdamScalars. */
export function adamModule(sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const [W, G, M, V, W2, M2, V2, N] = [0, 1, 2, 3, 4, 5, 6, 7];
  const scalar = (i: number) => 8 + i; // f32 parameters, in SCALARS order
  const [I, END4, END] = [16, 17, 18]; // byte offsets: position, end of the whole vectors, end
  const [GV, MV, VV] = [19, 20, 21];
  const splat = (i: number) => 22 + i; // each scalar in 4 lanes
  const [GS, MS, VS] = [30, 31, 32];
  const at = (array: number) => [...get(array), ...get(I), ...add];
  // the update, once with f32x4 operations on 4 numbers and once with f32 operations on the last 0–3
  const step = (lanes: boolean) => {
    const [load, store, mulOp, addOp, divOp, sqrtOp] = lanes
      ? [v128Load(0), v128Store(0), f32x4Mul, f32x4Add, f32x4Div, f32x4Sqrt]
      : [f32Load(0), f32Store(0), f32Mul, f32Add, f32Div, f32Sqrt];
    const k = (i: number) => get(lanes ? splat(i) : scalar(i));
    const [g, m, v] = lanes ? [GV, MV, VV] : [GS, MS, VS];
    return [
      ...at(G), ...load, ...set(g),
      ...at(M), ...load, ...k(0), ...mulOp, ...get(g), ...k(1), ...mulOp, ...addOp, ...set(m),
      ...at(V), ...load, ...k(2), ...mulOp, ...get(g), ...get(g), ...mulOp, ...k(3), ...mulOp, ...addOp, ...set(v),
      ...at(M2), ...get(m), ...store,
      ...at(V2), ...get(v), ...store,
      ...at(W2),
      ...get(m), ...k(4), ...divOp, ...get(v), ...k(5), ...divOp, ...sqrtOp, ...k(6), ...addOp, ...divOp, ...k(7), ...mulOp,
      ...at(W), ...load, ...addOp,
      ...store,
      ...get(I), ...i32(lanes ? 16 : 4), ...add, ...set(I)
    ];
  };
  const whileBelow = (limit: number, body: number[]) => [...block, ...loop, ...get(I), ...get(limit), ...geU, ...brIf(1), ...body, ...br(0), ...end, ...end];
  const body = [
    ...SCALARS.flatMap((_, i) => [...get(scalar(i)), ...f32x4Splat, ...set(splat(i))]),
    ...get(N), ...i32(-4), ...and, ...i32(4), ...mul, ...set(END4),
    ...get(N), ...i32(4), ...mul, ...set(END),
    ...i32(0), ...set(I),
    ...whileBelow(END4, step(true)),
    ...whileBelow(END, step(false))
  ];
  const locals = vec([[...uleb(3), I32], [...uleb(3 + SCALARS.length), V128], [...uleb(3), F32]]);
  const params = [...new Array<number>(8).fill(I32), ...new Array<number>(SCALARS.length).fill(F32)];
  return module([{name: "adam", params, locals, body}], sharedMemory);
}

type AdamFunction = (...args: number[]) => void;

const adamFor = perBackend((memory) => instantiate(adamModule(isShared(memory)), memory).adam as AdamFunction);

/** Registers AdamUpdate on the WASM backend (inputs w, g, m, v; attrs AdamScalars; outputs w′, m′, v′). */
export function installAdamKernel(backendName = "wasm"): boolean {
  return addKernel(ADAM_UPDATE, backendName, (args: KernelArgs) => {
    const backend = args.backend as unknown as WasmBackend;
    const f = adamFor(backend);
    if (!f) throw new Error("AdamUpdate needs WebAssembly SIMD");
    const {w, g, m, v} = args.inputs as unknown as Record<"w" | "g" | "m" | "v", Info>;
    const outs = [w, m, v].map((t) => backend.makeOutput(t.shape, "float32"));
    const count = w.shape.reduce((a, b) => a * b, 1);
    const attrs = args.attrs as unknown as AdamScalars;
    f(...[w, g, m, v, ...outs].map((t) => offsetOf(backend, t)), count, ...SCALARS.map((s) => attrs[s]));
    return outs as tf.TensorInfo[];
  });
}

/** Whether AdamUpdate runs on the current backend: registered there, its memory reachable, WebAssembly SIMD present. */
export function hasAdamKernel(): boolean {
  return hasKernel(ADAM_UPDATE, adamFor);
}
