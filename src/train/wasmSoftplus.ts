// softplus(x) = log(1 + eˣ) for the WASM backend as one SIMD pass. Every Bernoulli decoder on the site scores its
// logits with it (−log p(x|z) = Σ softplus(l) − x·l), and tfjs-wasm computes it one number at a time with the C
// library's exp and log, which made it the costliest operation of chapter 1's step after the matrix products.
// Here, as tfjs-wasm does, in the overflow-safe form
//   softplus(x) = max(x, 0) + log1p(t),   t = e^−|x| ∈ (0, 1]
// with e^y by range reduction (y = n·ln 2 + r, |r| ≤ ln 2 / 2; Cody and Waite's two-part ln 2) and the Taylor
// polynomial of degree 7 in r, scaled by 2ⁿ built in the exponent bits; and log1p(t) = 2·atanh(s), s = t / (2 + t)
// ≤ 1/3, by its odd series to s¹³, which keeps full relative precision for tiny t. Both truncations are below
// float32's half ulp; the test bounds the whole against float64 (a few ulp, as the C library's). e^y is taken at
// y ≥ −87 (the smallest normal float32), so softplus of x < −87 is e^−87 ≈ 1.6·10⁻³⁸ instead of a smaller number.
import {
  add, block, br, brIf, end, f32x4Abs, f32x4Add, f32x4Const, f32x4Div, f32x4Max, f32x4Mul, f32x4Nearest, f32x4Neg,
  f32x4Sub, geU, get, I32, i32, i32x4Add, i32x4Const, i32x4Shl, i32x4TruncSatF32x4, ifThen, instantiate, isShared, loop,
  module, mul, set, sub, uleb, V128, v128Load, v128Store, vec
} from "./wasmBytes.js";
import {offsetOf, perBackend, replaceKernel, type Info, type KernelArgs, type WasmBackend} from "./wasmBackend.js";

const LN2_HI = 0.693359375, LN2_LO = -2.12194440e-4; // ln 2 = hi + lo, hi with few bits so that n·hi is exact

/** softplus(x, out, count): count ≥ 4 numbers; the last block of 4 overlaps the one before where count % 4 ≠ 0. */
export function softplusModule(sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const [X, OUT, COUNT] = [0, 1, 2];
  const [I, LAST] = [3, 4]; // byte offsets
  const [V, Y, N, R, P, S, S2] = [5, 6, 7, 8, 9, 10, 11];
  /** c₀ + v·(c₁ + v·(c₂ + …)), from the highest coefficient down. */
  const horner = (variable: number, coefficients: number[]) => {
    const out = f32x4Const(coefficients[coefficients.length - 1]);
    for (let k = coefficients.length - 2; k >= 0; k--) out.push(...get(variable), ...f32x4Mul, ...f32x4Const(coefficients[k]), ...f32x4Add);
    return out;
  };
  const factorials = [1, 1, 2, 6, 24, 120, 720, 5040];
  // t = e^r · 2ⁿ, with 2ⁿ the float whose exponent field is n + 127
  const expT = [
    ...horner(R, factorials.map((f) => 1 / f)),
    ...get(N), ...i32x4TruncSatF32x4, ...i32x4Const(127), ...i32x4Add, ...i32(23), ...i32x4Shl,
    ...f32x4Mul, ...set(P)
  ];
  const body4 = [
    ...get(X), ...get(I), ...add, ...v128Load(0), ...set(V),
    // y = max(−|x|, −87)
    ...get(V), ...f32x4Abs, ...f32x4Neg, ...f32x4Const(-87), ...f32x4Max, ...set(Y),
    // n = round(y / ln 2), r = y − n·ln2_hi − n·ln2_lo
    ...get(Y), ...f32x4Const(Math.LOG2E), ...f32x4Mul, ...f32x4Nearest, ...set(N),
    ...get(Y), ...get(N), ...f32x4Const(LN2_HI), ...f32x4Mul, ...f32x4Sub, ...get(N), ...f32x4Const(LN2_LO), ...f32x4Mul, ...f32x4Sub, ...set(R),
    ...expT,
    // s = t / (2 + t); log1p(t) = 2s·(1 + s²/3 + s⁴/5 + … + s¹²/13)
    ...get(P), ...f32x4Const(2), ...get(P), ...f32x4Add, ...f32x4Div, ...set(S),
    ...get(S), ...get(S), ...f32x4Mul, ...set(S2),
    ...get(OUT), ...get(I), ...add,
    ...get(V), ...f32x4Const(0), ...f32x4Max,
    ...get(S), ...f32x4Const(2), ...f32x4Mul, ...horner(S2, [1, 1 / 3, 1 / 5, 1 / 7, 1 / 9, 1 / 11, 1 / 13]), ...f32x4Mul,
    ...f32x4Add,
    ...v128Store(0)
  ];
  const body = [
    ...get(COUNT), ...i32(4), ...mul, ...i32(16), ...sub, ...set(LAST), // last = 4·count − 16
    ...i32(0), ...set(I),
    ...block, ...loop,
    ...body4,
    ...get(I), ...get(LAST), ...geU, ...brIf(1),
    ...get(I), ...i32(16), ...add, ...set(I),
    // the last block may overlap the one before: start it at `last`
    ...get(I), ...get(LAST), ...geU, ...ifThen, ...get(LAST), ...set(I), ...end,
    ...br(0),
    ...end, ...end
  ];
  const locals = vec([[...uleb(2), I32], [...uleb(7), V128]]);
  return module([{name: "softplus", params: [I32, I32, I32], locals, body}], sharedMemory);
}

type Softplus = (x: number, out: number, count: number) => void;

const softplusFor = perBackend((memory) => instantiate(softplusModule(isShared(memory)), memory).softplus as Softplus);

/** Replaces the WASM Softplus for float32 inputs of 4 numbers or more; smaller ones keep tfjs's kernel. */
export function installSoftplus(backendName = "wasm"): boolean {
  return replaceKernel("Softplus", backendName, (fallback) => (args: KernelArgs) => {
    const x = args.inputs.x as unknown as Info;
    const backend = args.backend as unknown as WasmBackend;
    const count = x.shape.reduce((a, b) => a * b, 1);
    const f = x.dtype === "float32" && count >= 4 ? softplusFor(backend) : null;
    if (!f) return fallback(args);
    const out = backend.makeOutput(x.shape, "float32");
    f(offsetOf(backend, x), offsetOf(backend, out), count);
    return out;
  });
}
