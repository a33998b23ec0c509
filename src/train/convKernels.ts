// Convolution gradients for the WASM backend, built from its fast kernels. tfjs-backend-wasm 4.22 runs the forward
// Conv2D with XNNPACK but has no Conv2DBackpropFilter kernel at all (training a convolution fails), and its
// Conv2DBackpropInput is a plain C++ loop several times slower than the forward pass. Both gradients are products:
//   dx = dy ⋆ flip(W)ᵀ    a stride-1 convolution of dy (zeros inserted between its pixels for stride s) with the kernel
//                         turned by 180° and its channels swapped: one XNNPACK Conv2D;
//   dW = patches(x)ᵀ·dy   patches(x) [pixels, fh·fw·C] (im2col): one XNNPACK matMul per ROWS_PER_PRODUCT pixels.
// Every step uses a kernel that runs in C++ (PadV2, Transpose, Reverse, Conv2D, BatchMatMul) or copies long runs
// (Slice, Concat: JavaScript, one typed-array copy per run, so the runs are made long).
import * as tf from "@tensorflow/tfjs";

import {replaceKernel, type Info, type KernelArgs} from "./wasmBackend.js";
type Pad = number | "same" | "valid" | [[number, number], [number, number], [number, number], [number, number]];

/**
 * Runs kernels of one backend on TensorInfos and disposes, at `done()`, every intermediate it made but the ones
 * handed out with `keep`.
 */
class KernelRunner {
  private made: Info[] = [];
  constructor(private backend: tf.KernelBackend, private backendName: string) {}

  run(kernel: string, inputs: Info | Info[] | Record<string, Info>, attrs: object = {}): Info {
    const k = tf.getKernel(kernel, this.backendName);
    if (!k) throw new Error(`no ${kernel} kernel on ${this.backendName}`);
    const args = {inputs: ("dataId" in inputs ? {x: inputs} : inputs) as unknown as tf.NamedTensorInfoMap, backend: this.backend, attrs: attrs as tf.NamedAttrMap};
    const out = k.kernelFunc(args) as Info;
    this.made.push(out);
    return out;
  }

  reshape(x: Info, shape: number[]): Info { return this.run("Reshape", x, {shape}); }
  /** Disposes `ts` now (they were made by this runner). */
  free(...ts: Info[]): void {
    for (const t of ts) {
      const i = this.made.indexOf(t);
      if (i >= 0) { this.made.splice(i, 1); this.backend.disposeData(t.dataId as tf.DataId); }
    }
  }
  keep(t: Info): Info {
    const i = this.made.indexOf(t);
    if (i >= 0) this.made.splice(i, 1);
    return t;
  }
  done(): void { this.free(...this.made.slice()); }
}

/** Rows per matMul of the filter gradient: a reduction over that many rows stays in cache (≈ 200 kB per tile). */
const ROWS_PER_PRODUCT = 2048;

/**
 * Σ over rows n < `count` of taps(n)ᵀ ⊗ rows[n], as [taps·k, cols]: tap t is the block of k rows of `planes`
 * [·, ≥ offset + count] starting at row `taps[t].row`, read from column `taps[t].offset` on. One matMul per
 * ROWS_PER_PRODUCT rows: the taps' runs of that chunk are copied out (k runs each) and stacked, then multiplied.
 */
function tapProducts(r: KernelRunner, planes: Info, k: number, taps: {row: number; offset: number}[], rows: Info, count: number): Info {
  const chunks = Math.ceil(count / ROWS_PER_PRODUCT), parts: Info[] = [];
  for (let c = 0; c < chunks; c++) {
    const n0 = Math.floor((c * count) / chunks), n = Math.floor(((c + 1) * count) / chunks) - n0;
    const runs = taps.map((t) => r.run("Slice", planes, {begin: [t.row, t.offset + n0], size: [k, n]})); // [k, n] each
    const stacked = r.run("Concat", runs, {axis: 0}); // [taps·k, n]
    r.free(...runs);
    const block = r.run("Slice", rows, {begin: [n0, 0], size: [n, rows.shape[1]]}); // [n, cols]
    parts.push(r.run("BatchMatMul", {a: stacked, b: block}, {transposeA: false, transposeB: false}));
    r.free(stacked, block);
  }
  return parts.length === 1 ? parts[0] : r.run("AddN", parts);
}

/**
 * dW [fh, fw, C, C'] of a convolution y = conv2d(x, W, strides, pad) (NHWC, dilation 1), from x [B, H, W, C] and
 * dy [B, Ho, Wo, C'], as Σ over output positions of patches(x)ᵀ·dy. The padded x is cut into its s_h·s_w stride
 * phases, each a plane of Hq×Wq pixels per image, and output (i, j) is given the same Hq×Wq grid (dy padded with
 * zeros). Flattened over images, rows and columns, the input that filter tap (di, dj) meets at flat output position n
 * is then phase plane (di mod s_h, dj mod s_w) at n + ⌊di/s_h⌋·Wq + ⌊dj/s_w⌋: one shifted contiguous run for the whole
 * batch. Where it reads past an image's edge or into the next image, dy is a padded zero.
 * At stride 1 with fewer output than input channels the run is cut from dy instead (shifted back, against x's
 * pixels), which copies C'/C as much.
 */
export function conv2dFilterGrad(r: KernelRunner, x: Info, dy: Info, filterShape: number[], strides: number | [number, number], pad: Pad, dimRoundingMode?: "floor" | "round" | "ceil"): Info {
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, "channelsLast");
  const {batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: Co} = info;
  const {strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw} = info, {top, left} = info.padInfo;
  const Wq = Wo + Math.floor((fw - 1) / sw), Hq = Ho + Math.floor((fh - 1) / sh); // the grid: outputs and the taps' reach
  const L = B * Hq * Wq, taps: {phase: number; offset: number}[] = [];
  for (let di = 0; di < fh; di++) {
    for (let dj = 0; dj < fw; dj++) taps.push({phase: (di % sh) * sw + (dj % sw), offset: Math.floor(di / sh) * Wq + Math.floor(dj / sw)});
  }
  const reach = taps[taps.length - 1].offset; // the largest offset
  // x cropped to the rows and columns any output reads, then padded to [B, sh·Hq, sw·Wq, C]
  const keepH = Math.min(H, sh * Hq - top), keepW = Math.min(W, sw * Wq - left);
  const xs = keepH < H || keepW < W ? r.run("Slice", x, {begin: [0, 0, 0, 0], size: [B, keepH, keepW, C]}) : x;
  const xp = r.run("PadV2", xs, {paddings: [[0, 0], [top, sh * Hq - top - keepH], [left, sw * Wq - left - keepW], [0, 0]], constantValue: 0});
  const dyp = Hq > Ho || Wq > Wo ? r.run("PadV2", dy, {paddings: [[0, 0], [0, Hq - Ho], [0, Wq - Wo], [0, 0]], constantValue: 0}) : dy; // [B, Hq, Wq, C']
  if (sh === 1 && sw === 1 && Co < C) {
    // dW[t, c, o] = Σ_m x[m, c] · dy[m − offset_t, o]: dy channel-major with `reach` zeros in front
    const dyT = r.run("Transpose", r.reshape(dyp, [L, Co]), {perm: [1, 0]}); // [C', L]
    const shifted = r.run("PadV2", dyT, {paddings: [[0, 0], [reach, 0]], constantValue: 0}); // [C', reach + L]
    const product = tapProducts(r, shifted, Co, taps.map((t) => ({row: 0, offset: reach - t.offset})), r.reshape(xp, [L, C]), L); // [fh·fw·C', C]
    return r.run("Transpose", r.reshape(product, [fh, fw, Co, C]), {perm: [0, 1, 3, 2]});
  }
  // [B·Hq, sh, Wq, sw·C] → [sh, sw·C, B·Hq, Wq] = [phase·C + c, B·Hq·Wq], phase = row phase·sw + column phase
  const planes = r.reshape(r.run("Transpose", r.reshape(xp, [B * Hq, sh, Wq, sw * C]), {perm: [1, 3, 0, 2]}), [sh * sw * C, L]);
  const product = tapProducts(r, planes, C, taps.map((t) => ({row: t.phase * C, offset: t.offset})), r.reshape(dyp, [L, Co]), L - reach); // [fh·fw·C, C']
  return r.reshape(product, [fh, fw, C, Co]);
}

/**
 * dx [B, H, W, C] of a convolution (NHWC, dilation 1) from dy [B, Ho, Wo, C'] and W [fh, fw, C, C'], as one
 * stride-1 Conv2D: dx[u] = Σ_e dyz[u + top − (fh − 1) + e] · W[fh − 1 − e]ᵀ, where dyz is dy with s − 1 zeros after
 * every pixel along each strided axis. Null where that needs a negative padding (then the caller keeps tfjs's kernel).
 */
export function conv2dInputGrad(r: KernelRunner, dy: Info, filter: Info, inputShape: number[], strides: number | [number, number], pad: Pad, dimRoundingMode?: "floor" | "round" | "ceil"): Info | null {
  const info = tf.backend_util.computeConv2DInfo(inputShape as [number, number, number, number], filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, "channelsLast");
  const {batchSize: B, inHeight: H, inWidth: W, outHeight: Ho, outWidth: Wo, outChannels: Co} = info;
  const {strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw} = info, {top, left} = info.padInfo;
  const padding = [[fh - 1 - top, H + top - sh * Ho], [fw - 1 - left, W + left - sw * Wo]];
  if (padding.flat().some((p) => p < 0)) return null;
  const dyz = sh === 1 && sw === 1 ? dy : r.reshape(
    r.run("PadV2", r.reshape(dy, [B * Ho, 1, Wo, Co]), {paddings: [[0, 0], [0, sh - 1], [0, 0], [0, (sw - 1) * Co]], constantValue: 0}),
    [B, sh * Ho, sw * Wo, Co]); // [B, sh·Ho, sw·Wo, C']
  const turned = r.run("Transpose", r.run("Reverse", filter, {dims: [0, 1]}), {perm: [0, 1, 3, 2]}); // [fh, fw, C', C]
  return r.run("Conv2D", {x: dyz, filter: turned}, {strides: [1, 1], pad: [[0, 0], padding[0], padding[1], [0, 0]], dataFormat: "NHWC", dilations: [1, 1]});
}

interface ConvAttrs {strides: number | [number, number]; pad: Pad; dataFormat: "NHWC" | "NCHW"; dimRoundingMode?: "floor" | "round" | "ceil"}

const installed = new Set<string>();

/**
 * Registers Conv2DBackpropFilter on `backendName` (wasm) and replaces its Conv2DBackpropInput by the faster one above
 * (keeping tfjs's for the cases it does not cover). Returns the kernels it installed; a second call installs nothing.
 */
export function installConvKernels(backendName = "wasm"): string[] {
  const done: string[] = [];
  if (!tf.getKernel("Conv2D", backendName) || !tf.getKernel("BatchMatMul", backendName)) return done;
  const key = (k: string) => `${backendName}/${k}`;
  if (!installed.has(key("Conv2DBackpropFilter")) && !tf.getKernel("Conv2DBackpropFilter", backendName)) {
    tf.registerKernel({
      kernelName: "Conv2DBackpropFilter", backendName,
      kernelFunc: ((args: KernelArgs) => {
        const {x, dy} = args.inputs as unknown as {x: Info; dy: Info};
        const {strides, pad, dataFormat, dimRoundingMode, filterShape} = args.attrs as unknown as ConvAttrs & {filterShape: number[]};
        if (dataFormat === "NCHW") throw new Error(`Conv2DBackpropFilter on ${backendName} supports dataFormat NHWC only`);
        const r = new KernelRunner(args.backend as tf.KernelBackend, backendName);
        try {
          return r.keep(conv2dFilterGrad(r, x, dy, filterShape, strides, pad, dimRoundingMode));
        } finally {
          r.done();
        }
      }) as tf.KernelFunc
    });
    installed.add(key("Conv2DBackpropFilter"));
    done.push(key("Conv2DBackpropFilter"));
  }
  if (!installed.has(key("Conv2DBackpropInput")) && replaceKernel("Conv2DBackpropInput", backendName, (fallback) => (args: KernelArgs) => {
    const {dy, filter} = args.inputs as unknown as {dy: Info; filter: Info};
    const {strides, pad, dataFormat, dimRoundingMode, inputShape} = args.attrs as unknown as ConvAttrs & {inputShape: number[]};
    if (dataFormat === "NCHW") return fallback(args);
    const r = new KernelRunner(args.backend as tf.KernelBackend, backendName);
    try {
      const dx = conv2dInputGrad(r, dy, filter, inputShape, strides, pad, dimRoundingMode);
      return dx ? r.keep(dx) : fallback(args);
    } finally {
      r.done();
    }
  })) {
    installed.add(key("Conv2DBackpropInput"));
    done.push(key("Conv2DBackpropInput"));
  }
  return done;
}
