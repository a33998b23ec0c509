// Matrix products for the WASM backend's training steps, in a small WebAssembly SIMD module written here byte by
// byte, one per shape of B. tfjs-backend-wasm multiplies with XNNPACK's fully-connected operator, which first packs the
// right operand into its own layout; for inference that is done once, but in training the right operand is new at
// every step (the weights after each update, a gradient, a transposed copy), so every product pays for the packing.
// This kernel reads both operands where they lie in the backend's memory and packs nothing: for each panel of 8
// columns of B (which stays in the L1 cache) it runs down the rows of A 4 at a time, keeping a 4×8 block of C in
// 8 SIMD registers, so that each number of B loaded serves 4 rows and each number of A serves 8 columns.
// The left operand may be read transposed at no cost (its 4 numbers for a k are then adjacent), which is the shape
// of every weight gradient (dW = xᵀ·dy).

import type {GemmThreads} from "./gemmThreads.js";
import {add, brIf, end, f32x4Add, f32x4Mul, get, I32, i32, instantiate, isShared, loop, ltU, module, mul, set, sub, uleb, V128, v128Load, v128Splat32, v128Store, v128Zero, vec} from "./wasmBytes.js";

/**
 * What one compiled product computes: C[m×n] = op(A)·B, with B [k×n] and A [m×k], or A [k×m] read transposed. The
 * number of rows m is an argument of the compiled function (a batch size may vary); k and n are compiled in.
 */
export interface GemmShape {
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
}

/** Rows and columns of C one step of the inner loop computes. */
export const ROWS = 4, COLS = 8;

/** Whether `gemm` handles this shape (the others are left to the backend's own product). */
export function gemmFits({m, k, n}: GemmShape): boolean {
  return m % ROWS === 0 && n % 4 === 0 && k > 0 && m > 0 && n > 0;
}

/**
 * The module's bytes: one exported function gemm(a, b, c, m, lda) taking byte offsets into the imported memory, the
 * number of rows of C to compute and, for a transposed A, its row length (A's m, which exceeds the rows computed when a
 * product is split between threads). Columns go in panels of 8, and a last panel of 4 where n is not a multiple of 8.
 */
export function gemmModule({k, n, transposeA}: Omit<GemmShape, "m">, sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  if (!gemmFits({m: ROWS, k, n, transposeA})) throw new Error(`gemm: ${k}×${n} does not fit panels of 4 columns`);
  // byte strides of A along a row of C (i) and along the sum (k); for a transposed A the latter is 4·lda, set at run time
  const rowA = transposeA ? 4 : 4 * k;
  const rowB = 4 * n, rowC = 4 * n;
  // locals: 0 a, 1 b, 2 c, 3 m, 4 lda (parameters); 5 j, 6 i, 7 kk, 8 pa, 9 pb, 10 pc, 11 sa; 12 s, 13 b0, 14 b1, 15… the
  // accumulators
  const [A, B, C, M, LDA, J, I, KK, PA, PB, PC, SA, S] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const bv = (half: number) => 13 + half;
  const acc = (r: number, half: number) => 15 + 2 * r + half;
  /** The loop over blocks of 4 rows for one panel of `halves` × 4 columns starting at column j. */
  const panel = (halves: number): number[] => {
    const inner: number[] = [];
    for (let h = 0; h < halves; h++) inner.push(...get(PB), ...v128Load(16 * h), ...set(bv(h)));
    for (let r = 0; r < ROWS; r++) {
      inner.push(...get(PA), ...v128Splat32(r * rowA), ...set(S));
      for (let h = 0; h < halves; h++) inner.push(...get(acc(r, h)), ...get(S), ...get(bv(h)), ...f32x4Mul, ...f32x4Add, ...set(acc(r, h)));
    }
    inner.push(
      ...get(PA), ...get(SA), ...add, ...set(PA),
      ...get(PB), ...i32(rowB), ...add, ...set(PB),
      ...get(KK), ...i32(1), ...sub, ...set(KK),
      ...get(KK), ...brIf(0)
    );
    const out: number[] = [...i32(0), ...set(I), ...loop];
    for (let r = 0; r < ROWS; r++) for (let h = 0; h < halves; h++) out.push(...v128Zero, ...set(acc(r, h)));
    out.push(
      ...get(A), ...get(I), ...i32(rowA), ...mul, ...add, ...set(PA),
      ...get(B), ...get(J), ...i32(4), ...mul, ...add, ...set(PB),
      ...i32(k), ...set(KK),
      ...loop, ...inner, ...end,
      // pc = c + (i·n + j)·4
      ...get(C), ...get(I), ...i32(rowC), ...mul, ...add, ...get(J), ...i32(4), ...mul, ...add, ...set(PC)
    );
    for (let r = 0; r < ROWS; r++) for (let h = 0; h < halves; h++) out.push(...get(PC), ...get(acc(r, h)), ...v128Store(r * rowC + 16 * h));
    out.push(...get(I), ...i32(ROWS), ...add, ...set(I), ...get(I), ...get(M), ...ltU, ...brIf(0), ...end);
    return out;
  };
  const full = n - (n % COLS);
  const body: number[] = [
    ...(transposeA ? [...get(LDA), ...i32(4), ...mul] : i32(4)), ...set(SA),
    ...i32(0), ...set(J),
    ...(full > 0 ? [...loop, ...panel(2), ...get(J), ...i32(COLS), ...add, ...set(J), ...get(J), ...i32(full), ...ltU, ...brIf(0), ...end] : []),
    ...(full < n ? panel(1) : [])
  ];
  const locals = vec([[...uleb(7), I32], [...uleb(3 + 2 * ROWS), V128]]);
  return module([{name: "gemm", params: [I32, I32, I32, I32, I32], locals, body}], sharedMemory);
}

export type Gemm = (a: number, b: number, c: number, m: number, lda: number) => void;

/**
 * Compiles and caches one function per k, n and transposeA, over `memory`; with `threads`, large products are split
 * with a helper thread (gemmThreads.ts).
 */
export class GemmCache {
  private readonly compiled = new Map<string, Gemm>();
  private readonly shared: boolean;

  constructor(private readonly memory: WebAssembly.Memory, private readonly threads: GemmThreads | null = null) {
    this.shared = isShared(memory);
  }

  get(shape: Omit<GemmShape, "m">): Gemm {
    const key = `${shape.k},${shape.n},${shape.transposeA}`;
    let f = this.compiled.get(key);
    if (!f) {
      const bytes = gemmModule(shape, this.shared);
      f = instantiate(bytes, this.memory).gemm as Gemm;
      if (this.threads) f = this.threads.wrap(f, bytes, shape);
      this.compiled.set(key, f);
    }
    return f;
  }
}
