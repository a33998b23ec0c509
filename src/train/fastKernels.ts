// Faster kernels for the WASM backend, installed once over tfjs's own. tfjs-backend-wasm multiplies plain matrices with
// XNNPACK but falls back to a slow loop when a product has `transposeA` or `transposeB`, and the gradient of every
// dense layer is such a product (dx = dy·Wᵀ, dW = xᵀ·dy). Transposing the operand first and multiplying plainly gives
// the same numbers up to float32 rounding, many times faster (the bench shows the effect: `npm run bench`).
// The override is at the kernel, so forward passes, tfjs's own gradients and every model on the site use it alike.
import * as tf from "@tensorflow/tfjs";

type KernelArgs = Parameters<tf.KernelFunc>[0];
interface Info {dataId: object; shape: number[]; dtype: tf.DataType}

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
  const original = tf.getKernel(kernelName, backendName);
  const transpose = tf.getKernel("Transpose", backendName);
  if (!original || !transpose) return false;
  const plain = original.kernelFunc;
  const kernelFunc = (args: KernelArgs) => {
    const {inputs, attrs = {}} = args;
    const backend = args.backend as tf.KernelBackend;
    const {transposeA, transposeB} = attrs as {transposeA?: boolean; transposeB?: boolean};
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
  };
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({...original, kernelFunc: kernelFunc as tf.KernelFunc});
  return true;
}

/**
 * Installs the faster WASM kernels; call it after the WASM backend is imported and before training. Idempotent.
 * Returns the kernels it replaced (empty where the backend is not registered or already done).
 */
export function installFastKernels(): string[] {
  const done: string[] = [];
  for (const kernel of ["BatchMatMul", "_FusedMatMul"]) {
    const key = `wasm/${kernel}`;
    if (installed.has(key)) continue;
    if (installExplicitTranspose(kernel, "wasm")) {
      installed.add(key);
      done.push(key);
    }
  }
  return done;
}
