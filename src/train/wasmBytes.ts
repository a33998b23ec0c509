// Just enough of the WebAssembly binary format to write small numeric kernels by hand (wasmGemm.ts, wasmAdam.ts):
// the encodings of the instructions they use, and a module of functions over one imported memory, the memory of
// tfjs-backend-wasm, so that the kernels read and write the backend's tensors where they lie.
// Reference: the WebAssembly core specification, "Binary Format", and its SIMD proposal (fixed-width, 128-bit).

export const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// control, locals and i32
export const block = [0x02, 0x40], loop = [0x03, 0x40], ifThen = [0x04, 0x40], end = [0x0b];
export const br = (depth: number) => [0x0c, ...uleb(depth)], brIf = (depth: number) => [0x0d, ...uleb(depth)];
export const get = (l: number) => [0x20, ...uleb(l)], set = (l: number) => [0x21, ...uleb(l)], tee = (l: number) => [0x22, ...uleb(l)];
export const i32 = (n: number) => [0x41, ...sleb(n)];
export const add = [0x6a], sub = [0x6b], mul = [0x6c], and = [0x71], ltU = [0x49], geU = [0x4f];
// f32 (4-byte aligned loads and stores)
const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];
export const f32Load = (offset: number) => [0x2a, ...memarg(2, offset)], f32Store = (offset: number) => [0x38, ...memarg(2, offset)];
export const f32Zero = [0x43, 0, 0, 0, 0]; // f32.const 0
export const f32Sqrt = [0x91], f32Add = [0x92], f32Mul = [0x94], f32Div = [0x95];
// v128 and f32x4
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
export const v128Load = (offset: number) => simd(0x00, ...memarg(2, offset));
export const v128Splat32 = (offset: number) => simd(0x09, ...memarg(2, offset)); // load one f32 into all 4 lanes
export const v128Store = (offset: number) => simd(0x0b, ...memarg(2, offset));
export const v128Zero = simd(0x0c, ...new Array<number>(16).fill(0));
export const f32x4Splat = simd(0x13), f32x4Sqrt = simd(0xe3), f32x4Add = simd(0xe4), f32x4Mul = simd(0xe6), f32x4Div = simd(0xe7);
export const f32x4Abs = simd(0xe0), f32x4Neg = simd(0xe1), f32x4Sub = simd(0xe5), f32x4Max = simd(0xe9), f32x4Nearest = simd(0x6a);
export const i32x4TruncSatF32x4 = simd(0xf8), i32x4Shl = simd(0xab), i32x4Add = simd(0xae);
/** f32x4.extract_lane: lane `lane` (0–3) of a v128 as an f32. */
export const f32x4ExtractLane = (lane: number) => simd(0x1f, lane);
/** A v128 constant of four float32 lanes, each `v` (rounded to float32). */
export function f32x4Const(v: number): number[] {
  const bytes = new Uint8Array(new Float32Array([v, v, v, v]).buffer);
  return simd(0x0c, ...bytes);
}
/** A v128 constant of four int32 lanes, each `v`. */
export function i32x4Const(v: number): number[] {
  const bytes = new Uint8Array(new Int32Array([v, v, v, v]).buffer);
  return simd(0x0c, ...bytes);
}

export interface Func {
  name: string;
  params: number[];
  /** The encoded local declarations (a vec of count and type). */
  locals: number[];
  body: number[];
}

/**
 * A module importing `env.memory` (shared or not, to match the memory it will be given) and exporting `funcs`, which
 * return nothing.
 */
export function module(funcs: Func[], sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const limits = sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const codes = funcs.map((f) => {
    const code = [...f.locals, ...f.body, ...end];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(funcs.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec([])]))),
    ...section(2, vec([[...name("env"), ...name("memory"), 0x02, ...limits]])),
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(7, vec(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(codes))
  ]);
}

/** Instantiates `bytes` over `memory` (synchronously: the modules are small). */
export function instantiate(bytes: Uint8Array<ArrayBuffer>, memory: WebAssembly.Memory): WebAssembly.Exports {
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {env: {memory}}).exports;
}

/** Whether `memory` is shared (the threaded build of tfjs-backend-wasm): the import must say so. */
export function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
}
