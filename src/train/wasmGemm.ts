// Matrix products for the WASM backend's training steps, in a small WebAssembly SIMD module written here byte by
// byte, one per shape. tfjs-backend-wasm multiplies with XNNPACK's fully-connected operator, which first packs the
// right operand into its own layout; for inference that is done once, but in training the right operand is new at
// every step (the weights after each update, a gradient, a transposed copy), so every product pays for the packing.
// This kernel reads both operands where they lie in the backend's memory and packs nothing: for each panel of 8
// columns of B (which stays in the L1 cache) it runs down the rows of A 4 at a time, keeping a 4×8 block of C in
// 8 SIMD registers, so that each number of B loaded serves 4 rows and each number of A serves 8 columns.
// The left operand may be read transposed at no cost (its 4 numbers for a k are then adjacent), which is the shape
// of every weight gradient (dW = xᵀ·dy).

const I32 = 0x7f, V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// the instructions the kernel uses
const get = (l: number) => [0x20, ...uleb(l)];
const set = (l: number) => [0x21, ...uleb(l)];
const i32 = (n: number) => [0x41, ...sleb(n)];
const add = [0x6a], sub = [0x6b], mul = [0x6c], ltU = [0x49];
const loop = [0x03, 0x40], end = [0x0b], brIf = (depth: number) => [0x0d, ...uleb(depth)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];
const v128Load = (offset: number) => simd(0x00, ...memarg(2, offset));
const v128Splat32 = (offset: number) => simd(0x09, ...memarg(2, offset));
const v128Store = (offset: number) => simd(0x0b, ...memarg(2, offset));
const v128Zero = simd(0x0c, ...new Array<number>(16).fill(0));
const f32x4Add = simd(0xe4), f32x4Mul = simd(0xe6);

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
  return m % ROWS === 0 && n % COLS === 0 && k > 0 && m > 0 && n > 0;
}

/**
 * The module's bytes: one exported function gemm(a, b, c, m) taking byte offsets into the imported memory and the
 * number of rows of C.
 */
export function gemmModule({k, n, transposeA}: Omit<GemmShape, "m">, sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  if (!gemmFits({m: ROWS, k, n, transposeA})) throw new Error(`gemm: ${k}×${n} does not fit blocks of ${COLS} columns`);
  // byte strides of A along a row of C (i) and along the sum (k); for a transposed A the latter is 4m, set at run time
  const rowA = transposeA ? 4 : 4 * k;
  const rowB = 4 * n, rowC = 4 * n;
  // locals: 0 a, 1 b, 2 c, 3 m (parameters); 4 j, 5 i, 6 kk, 7 pa, 8 pb, 9 pc, 10 sa; 11 s, 12 b0, 13 b1, 14… the accumulators
  const [A, B, C, M, J, I, KK, PA, PB, PC, SA, S, B0, B1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const acc = (r: number, half: number) => 14 + 2 * r + half;
  const inner: number[] = [
    ...get(PB), ...v128Load(0), ...set(B0),
    ...get(PB), ...v128Load(16), ...set(B1)
  ];
  for (let r = 0; r < ROWS; r++) {
    inner.push(...get(PA), ...v128Splat32(r * rowA), ...set(S));
    for (const [half, bv] of [[0, B0], [1, B1]]) {
      inner.push(...get(acc(r, half)), ...get(S), ...get(bv), ...f32x4Mul, ...f32x4Add, ...set(acc(r, half)));
    }
  }
  inner.push(
    ...get(PA), ...get(SA), ...add, ...set(PA),
    ...get(PB), ...i32(rowB), ...add, ...set(PB),
    ...get(KK), ...i32(1), ...sub, ...set(KK),
    ...get(KK), ...brIf(0)
  );
  const zero: number[] = [];
  for (let r = 0; r < ROWS; r++) for (const half of [0, 1]) zero.push(...v128Zero, ...set(acc(r, half)));
  const store: number[] = [
    // pc = c + (i·n + j)·4
    ...get(C), ...get(I), ...i32(rowC), ...mul, ...add, ...get(J), ...i32(4), ...mul, ...add, ...set(PC)
  ];
  for (let r = 0; r < ROWS; r++) for (const half of [0, 1]) store.push(...get(PC), ...get(acc(r, half)), ...v128Store(r * rowC + 16 * half));
  const body: number[] = [
    ...(transposeA ? [...get(M), ...i32(4), ...mul] : i32(4)), ...set(SA),
    ...i32(0), ...set(J),
    ...loop, // over panels of 8 columns
    ...i32(0), ...set(I),
    ...loop, // over blocks of 4 rows
    ...zero,
    ...get(A), ...get(I), ...i32(rowA), ...mul, ...add, ...set(PA),
    ...get(B), ...get(J), ...i32(4), ...mul, ...add, ...set(PB),
    ...i32(k), ...set(KK),
    ...loop, ...inner, ...end,
    ...store,
    ...get(I), ...i32(ROWS), ...add, ...set(I),
    ...get(I), ...get(M), ...ltU, ...brIf(0),
    ...end,
    ...get(J), ...i32(COLS), ...add, ...set(J),
    ...get(J), ...i32(n), ...ltU, ...brIf(0),
    ...end,
    ...end
  ];
  const locals = vec([[...uleb(7), I32], [...uleb(3 + 2 * ROWS), V128]]);
  const code = [...locals, ...body];
  const limits = sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([])]])),
    ...section(2, vec([[...name("env"), ...name("memory"), 0x02, ...limits]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name("gemm"), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]]))
  ]);
}

export type Gemm = (a: number, b: number, c: number, m: number) => void;

/** Compiles (synchronously: the modules are a few hundred bytes) and caches one function per k, n and transposeA. */
export class GemmCache {
  private readonly compiled = new Map<string, Gemm>();
  private readonly shared: boolean;

  constructor(private readonly memory: WebAssembly.Memory) {
    this.shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
  }

  get(shape: Omit<GemmShape, "m">): Gemm {
    const key = `${shape.k},${shape.n},${shape.transposeA}`;
    let f = this.compiled.get(key);
    if (!f) {
      const module = new WebAssembly.Module(gemmModule(shape, this.shared));
      f = new WebAssembly.Instance(module, {env: {memory: this.memory}}).exports.gemm as Gemm;
      this.compiled.set(key, f);
    }
    return f;
  }
}
