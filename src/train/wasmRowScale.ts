// Products where one operand scales whole rows of the other ([m, 1] · [m, n], or one number · anything), which is how
// tfjs writes the gradient of every sum over trailing axes (dy reshaped to [m, 1] times ones) and of a mean. tfjs-
// backend-wasm computes broadcast products with a general index loop that costs several times a plain product; here
// they are one pass over the heap. Each output is the same float32 product, so the numbers are tfjs's to the bit.
import * as tf from "@tensorflow/tfjs";
import {replaceKernel, type Info, type KernelArgs} from "./wasmBackend.js";

interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(t: Info): Float32Array;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Where `scale` scales blocks of `x` (its shape, aligned right, is x's leading axes then ones), the length of one block;
 * otherwise 0. A single number scales one block, the whole of x.
 */
export function rowBlock(scale: number[], x: number[]): number {
  if (scale.length > x.length) return 0;
  const padded = [...new Array<number>(x.length - scale.length).fill(1), ...scale];
  let t = x.length;
  while (t > 0 && padded[t - 1] === 1) t--;
  for (let i = 0; i < t; i++) if (padded[i] !== x[i]) return 0;
  return size(x.slice(t));
}

/** Replaces the WASM Multiply by one pass where an operand scales rows of the other; other products keep tfjs's. */
export function installRowScale(backendName = "wasm"): boolean {
  return replaceKernel("Multiply", backendName, (fallback) => (args: KernelArgs) => {
    const a = args.inputs.a as unknown as Info, b = args.inputs.b as unknown as Info;
    if (a.dtype !== "float32" || b.dtype !== "float32") return fallback(args);
    const [scale, x] = size(a.shape) <= size(b.shape) ? [a, b] : [b, a];
    const block = rowBlock(scale.shape, x.shape);
    if (block === 0 || size(scale.shape) === size(x.shape)) return fallback(args); // same size: tfjs's plain product
    const backend = args.backend as unknown as HeapBackend;
    const out = backend.makeOutput(x.shape, "float32"); // allocate before taking views: the heap may grow
    const s = backend.typedArrayFromHeap(scale), from = backend.typedArrayFromHeap(x), to = backend.typedArrayFromHeap(out);
    for (let i = 0, o = 0; i < s.length; i++) {
      const v = s[i];
      for (const end = o + block; o < end; o++) to[o] = v * from[o];
    }
    return out;
  });
}
