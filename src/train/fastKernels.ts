// Faster kernels for the WASM backend, installed once over tfjs's own. tfjs-backend-wasm multiplies plain matrices with
// XNNPACK but falls back to a slow loop when a product has `transposeA` or `transposeB`, and the gradient of every
// dense layer is such a product (dx = dy·Wᵀ, dW = xᵀ·dy). Transposing the operand first and multiplying plainly gives
// the same numbers up to float32 rounding, many times faster (the bench shows the effect: `npm run bench`).
// The override is at the kernel, so forward passes, tfjs's own gradients and every model on the site use it alike.
// Copies are replaced too: tfjs-wasm's Slice (and SplitV) copies the whole input before copying the slice, its Concat
// makes a view per run however short, and its Identity copies where the other backends share (see each installer).
import * as tf from "@tensorflow/tfjs";
import {installConvKernels} from "./convKernels.js";
import {simdProduct} from "./gemmKernel.js";
import {replaceKernel, type Info, type KernelArgs, type WasmBackend} from "./wasmBackend.js";
import {ADAM_UPDATE, installAdamKernel} from "./wasmAdam.js";
import {installColumnSum} from "./wasmSum.js";
import {installSoftplus} from "./wasmSoftplus.js";
import {installRowScale} from "./wasmRowScale.js";
import {installSumOfSquares, SUM_OF_SQUARES} from "./wasmNorm.js";


const installed = new Set<string>();

/** The permutation that swaps the last two axes of a rank-`rank` tensor. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({length: rank}, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/**
 * Replaces `kernelName` (BatchMatMul or _FusedMatMul) on `backendName` by one that transposes its operands
 * explicitly and then calls the original kernel with both transpose flags off.
 */
function installExplicitTranspose(kernelName: string, backendName: string): boolean {
  const transpose = tf.getKernel("Transpose", backendName);
  if (!transpose) return false;
  return replaceKernel(kernelName, backendName, (plain) => (args: KernelArgs) => {
    const {inputs, attrs = {}} = args;
    const backend = args.backend as tf.KernelBackend;
    const {transposeA, transposeB} = attrs as {transposeA?: boolean; transposeB?: boolean};
    if (kernelName === "BatchMatMul") {
      const product = simdProduct(inputs.a as unknown as Info, inputs.b as unknown as Info, !!transposeA, !!transposeB, backend as unknown as WasmBackend);
      if (product) return product;
    }
    if (!transposeA && !transposeB) return plain(args);
    const made: Info[] = [];
    const swapped = (t: Info) => {
      const out = transpose.kernelFunc({inputs: {x: t as tf.TensorInfo}, backend, attrs: {perm: swapLastTwo(t.shape.length)}}) as Info;
      made.push(out);
      return out;
    };
    const a = inputs.a as unknown as Info, b = inputs.b as unknown as Info;
    try {
      return plain({
        inputs: {...inputs, a: (transposeA ? swapped(a) : a) as tf.TensorInfo, b: (transposeB ? swapped(b) : b) as tf.TensorInfo},
        backend, attrs: {...attrs, transposeA: false, transposeB: false}
      });
    } finally {
      for (const t of made) backend.disposeData(t.dataId as tf.DataId);
    }
  });
}

/** Below this many numbers a plain loop copies faster than `set(subarray(…))`, which makes a view per run. */
const SHORT_RUN = 64;

type Heap = Float32Array | Int32Array | Uint8Array;

/** Copies `run` numbers of `from` at `offset` to `to` at `o`. */
function copyRun(from: Heap, offset: number, to: Heap, o: number, run: number): void {
  if (run < SHORT_RUN) for (let j = 0; j < run; j++) to[o + j] = from[offset + j];
  else to.set(from.subarray(offset, offset + run), o);
}

/** What a Slice needs of tfjs-backend-wasm's backend: outputs allocated on its heap, and views of the heap. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(t: Info): Heap;
}

/**
 * Replaces the WASM Slice, whose JavaScript copies the whole input out of the heap (`readSync`) before it copies the
 * slice, by one that copies the slice straight from a view of the heap: a slice of a large tensor then costs its own
 * size, not the input's. The copy is the same, in runs as long as the slice allows (the trailing axes it takes whole
 * merge into one run). Strings keep tfjs's kernel. SplitV, a row of slices, goes through it too.
 */
function installHeapSlice(backendName: string): boolean {
  let slice: ((args: KernelArgs) => Info) | null = null;
  const replaced = replaceKernel("Slice", backendName, (fallback) => (slice = (args: KernelArgs) => {
    const x = args.inputs.x as unknown as Info;
    if (x.dtype === "string") return fallback(args) as Info;
    const {begin, size} = args.attrs as unknown as {begin: number | number[]; size?: number | number[]};
    const [start, extent] = tf.slice_util.parseSliceParams(x as tf.TensorInfo, begin, size);
    const backend = args.backend as unknown as HeapBackend;
    const out = backend.makeOutput(extent, x.dtype); // allocate before taking views: the heap may grow
    const count = extent.reduce((a, b) => a * b, 1);
    if (count === 0) return out;
    const from = backend.typedArrayFromHeap(x), to = backend.typedArrayFromHeap(out);
    const rank = x.shape.length, strides = tf.util.computeStrides(x.shape);
    // axes k+1… are taken whole: with axis k they form one contiguous run of `run` numbers
    let k = rank - 1, run = 1;
    while (k > 0 && extent[k] === x.shape[k]) run *= extent[k--];
    run *= extent[k];
    const index = new Array<number>(k).fill(0); // position over the outer axes 0…k−1
    let base = 0;
    for (let i = 0; i <= k; i++) base += start[i] * (i < rank - 1 ? strides[i] : 1);
    for (let o = 0; o < count; o += run) {
      let offset = base;
      for (let i = 0; i < k; i++) offset += index[i] * strides[i];
      copyRun(from, offset, to, o, run);
      for (let i = k - 1; i >= 0 && ++index[i] === extent[i]; i--) index[i] = 0;
    }
    return out;
  }));
  if (!replaced) return false;
  // tfjs-wasm's SplitV calls its own Slice function directly: the same split, through the kernel above
  replaceKernel("SplitV", backendName, () => (args: KernelArgs) => {
      const x = args.inputs.x as unknown as Info;
      const {numOrSizeSplits, axis} = args.attrs as unknown as {numOrSizeSplits: number | number[]; axis: number};
      const a = tf.util.parseAxisParam(axis, x.shape)[0];
      const sizes = tf.backend_util.prepareSplitSize(x as tf.TensorInfo as tf.Tensor, numOrSizeSplits, a);
      const begin = new Array<number>(x.shape.length).fill(0);
      return sizes.map((n) => {
        const size = x.shape.slice();
        size[a] = n;
        const piece = slice!({...args, attrs: {begin: begin.slice(), size}});
        begin[a] += n;
        return piece;
      });
  });
  return true;
}

/**
 * Replaces the WASM Concat by the same copy with `copyRun`: tfjs-wasm's makes a view per run, and a concat along
 * channels (upsampling, its gradient's split) is tens of thousands of runs of 16 numbers.
 */
function installShortRunConcat(backendName: string): boolean {
  return replaceKernel("Concat", backendName, (fallback) => (args: KernelArgs) => {
    const inputs = args.inputs as unknown as Info[];
    const a = tf.util.parseAxisParam((args.attrs as {axis: number}).axis, inputs[0].shape)[0];
    const parts = inputs.filter((t) => t.shape.reduce((p, q) => p * q, 1) > 0);
    if (inputs[0].dtype === "string" || parts.length < 2) return fallback(args);
    const backend = args.backend as unknown as HeapBackend;
    const out = backend.makeOutput(tf.backend_util.computeOutShape(inputs.map((t) => t.shape), a), inputs[0].dtype);
    const to = backend.typedArrayFromHeap(out), from = parts.map((t) => backend.typedArrayFromHeap(t));
    const outer = parts[0].shape.slice(0, a).reduce((p, q) => p * q, 1);
    const runs = parts.map((t) => t.shape.slice(a).reduce((p, q) => p * q, 1));
    let o = 0;
    for (let b = 0; b < outer; b++) {
      for (let i = 0; i < parts.length; i++) {
        copyRun(from[i], b * runs[i], to, o, runs[i]);
        o += runs[i];
      }
    }
    return out;
  });
}

/**
 * Replaces the WASM Identity, which copies, by one that shares the input's buffer (one more reference), as the cpu and
 * webgl backends do and as tfjs-wasm's own Reshape does: kernels never write into their inputs. tfjs clones every
 * tensor it saves for a gradient, so with the copy each conv2d and add under a gradient tape copied its inputs.
 */
function installSharedIdentity(backendName: string): boolean {
  return replaceKernel("Identity", backendName, (fallback) => (args: KernelArgs) => {
    const x = args.inputs.x as unknown as Info;
    if (x.dtype === "string") return fallback(args);
    (args.backend as tf.KernelBackend & {incRef(dataId: object): void}).incRef(x.dataId);
    return {dataId: x.dataId, shape: x.shape, dtype: x.dtype};
  });
}

/**
 * Installs the faster WASM kernels (these matMuls and copies; the SIMD products, column sums, row scalings, softplus and
 * Adam update and sum of squares of wasmGemm.ts, wasmSum.ts, wasmRowScale.ts, wasmSoftplus.ts, wasmAdam.ts and wasmNorm.ts; the convolution gradients of convKernels.ts); call it
 * after the WASM backend is imported and before training. Idempotent. Returns the kernels it installed or replaced
 * (empty where the backend is not registered or already done).
 */
export function installFastKernels(): string[] {
  const done: string[] = [];
  const installers: [string, (backendName: string) => boolean][] = [
    ["BatchMatMul", (b) => installExplicitTranspose("BatchMatMul", b)], ["_FusedMatMul", (b) => installExplicitTranspose("_FusedMatMul", b)],
    ["Slice", installHeapSlice], ["Concat", installShortRunConcat], ["Identity", installSharedIdentity],
    ["Sum", installColumnSum], ["Softplus", installSoftplus], ["Multiply", installRowScale], [ADAM_UPDATE, installAdamKernel], [SUM_OF_SQUARES, installSumOfSquares]
  ];
  for (const [kernel, install] of installers) {
    const key = `wasm/${kernel}`;
    if (!installed.has(key) && install("wasm")) {
      installed.add(key);
      done.push(key);
    }
  }
  done.push(...installConvKernels("wasm"));
  return done;
}
