// MNIST digits padded from 28×28 to 32×32, so that downsampling by f = 2, 4 or 8 divides the image exactly.
// The 28×28 image sits in the centre with a 2-pixel border of zeros (background) on every side.

export const SIDE_28 = 28;
export const SIDE_32 = 32;
const BORDER = (SIDE_32 - SIDE_28) / 2; // 2 pixels

/** `n` row-major 28×28 images [n · 784] → `n` 32×32 images [n · 1024], centred, zero border. */
export function padTo32(images: Float32Array, n: number): Float32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid n: ${n}; expected an integer ≥ 0`);
  if (images.length !== n * SIDE_28 * SIDE_28) {
    throw new Error(`padTo32: ${images.length} numbers for ${n} images; expected ${n}·784 = ${n * SIDE_28 * SIDE_28}`);
  }
  const out = new Float32Array(n * SIDE_32 * SIDE_32);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < SIDE_28; r++) {
      const src = (i * SIDE_28 + r) * SIDE_28;
      out.set(images.subarray(src, src + SIDE_28), (i * SIDE_32 + r + BORDER) * SIDE_32 + BORDER);
    }
  }
  return out;
}
