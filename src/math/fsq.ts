// Finite Scalar Quantisation without tfjs: Mentzer, Minnen, Agustsson & Tschannen, "Finite Scalar Quantization:
// VQ-VAE Made Simple" (ICLR 2024, arXiv:2309.15505), following the code in their appendix A. Each of the d
// dimensions of z is bounded to L_j values and rounded; the implied codebook is the grid of all ∏ L_j combinations,
// so there is nothing to learn, nothing to collapse, and no auxiliary loss. As in the chapter:
//   (9)  bound     f(z_j) = tanh(z_j + s_j)·h_j − o_j,  h_j = (L_j − 1)(1 − 10⁻³)/2,  o_j = ½ if L_j even else 0,
//                  s_j = atanh(o_j / h_j)
//   (10) round     ẑ_j = round(f(z_j)) / ⌊L_j/2⌋     (straight-through in the model: the gradient skips the round)
//   (11) index     k = Σ_j (ẑ_j⌊L_j/2⌋ + ⌊L_j/2⌋) · Π_{i<j} L_i
// Vectors are rows of flat arrays: z is [n·d] with d = levels.length.

/** Throws a message naming the value unless `levels` is a list of 1 to 8 integers in [2, 64]. */
export function checkLevels(levels: unknown): number[] {
  const ok = Array.isArray(levels) && levels.length >= 1 && levels.length <= 8 && levels.every((L) => Number.isInteger(L) && L >= 2 && L <= 64);
  if (!ok) throw new Error(`invalid levels: ${JSON.stringify(levels)}; expected 1 to 8 integers, each in [2, 64]`);
  return levels as number[];
}

/** The number of codes, ∏ L_j. */
export function fsqSize(levels: readonly number[]): number {
  return checkLevels(levels).reduce((a, b) => a * b, 1);
}

/** Per-dimension constants of (9) and (10): h, o, s and the half width ⌊L/2⌋. */
export function fsqConstants(levels: readonly number[]): {half: number[]; offset: number[]; shift: number[]; width: number[]} {
  checkLevels(levels);
  const half = levels.map((L) => ((L - 1) * (1 - 1e-3)) / 2);
  const offset = levels.map((L) => (L % 2 === 0 ? 0.5 : 0));
  const shift = offset.map((o, j) => Math.atanh(o / half[j]));
  const width = levels.map((L) => Math.floor(L / 2));
  return {half, offset, shift, width};
}

/** (9) and (10): the normalised codes ẑ of the rows of z [n·d]; every entry is in [−1, 1]. */
export function fsqQuantize(z: ArrayLike<number>, levels: readonly number[]): Float64Array {
  const {half, offset, shift, width} = fsqConstants(levels), d = levels.length;
  if (z.length % d !== 0) throw new Error(`invalid z: length ${z.length}; expected a multiple of levels.length (${d})`);
  return Float64Array.from(z, (v, i) => {
    const j = i % d;
    const bounded = Math.tanh(v + shift[j]) * half[j] - offset[j]; // (9)
    return Math.round(bounded) / width[j]; // (10)
  });
}

/** (11) The index in [0, ∏L) of each row of normalised codes [n·d]. */
export function fsqCodesToIndices(codes: ArrayLike<number>, levels: readonly number[]): Int32Array {
  const d = checkLevels(levels).length, n = codes.length / d;
  if (!Number.isInteger(n)) throw new Error(`invalid codes: length ${codes.length}; expected a multiple of levels.length (${d})`);
  const width = levels.map((L) => Math.floor(L / 2));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let k = 0, basis = 1;
    for (let j = 0; j < d; j++) {
      const digit = Math.round(codes[i * d + j] * width[j]) + width[j];
      if (digit < 0 || digit >= levels[j]) throw new Error(`invalid codes[${i * d + j}]: ${codes[i * d + j]}; not on the grid of ${levels[j]} levels`);
      k += digit * basis; // (11)
      basis *= levels[j];
    }
    out[i] = k;
  }
  return out;
}

/** The normalised codes [n·d] of indices in [0, ∏L): the inverse of `fsqCodesToIndices`. */
export function fsqIndicesToCodes(indices: ArrayLike<number>, levels: readonly number[]): Float64Array {
  const size = fsqSize(levels), d = levels.length;
  const width = levels.map((L) => Math.floor(L / 2));
  const out = new Float64Array(indices.length * d);
  for (let i = 0; i < indices.length; i++) {
    let k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= size) throw new Error(`invalid indices[${i}]: ${k}; expected an integer in [0, ${size - 1}]`);
    for (let j = 0; j < d; j++) {
      out[i * d + j] = ((k % levels[j]) - width[j]) / width[j];
      k = Math.floor(k / levels[j]);
    }
  }
  return out;
}

/** The implied codebook: row k is the code of index k, for k = 0 … ∏L − 1. */
export function fsqCodebook(levels: readonly number[]): Float64Array {
  const size = fsqSize(levels);
  return fsqIndicesToCodes(Int32Array.from({length: size}, (_, k) => k), levels);
}

/** Parses "8, 5, 5, 5" or "[8,5,5,5]" into levels; throws a message naming the text when it is not valid. */
export function parseLevels(text: string): number[] {
  const parts = String(text).replace(/[[\]\s]/g, "").split(/[,×x]/).filter((s) => s !== "");
  const levels = parts.map(Number);
  try {
    return checkLevels(levels);
  } catch {
    throw new Error(`invalid levels: ${JSON.stringify(text)}; expected 1 to 8 integers in [2, 64], e.g. "8, 5, 5, 5"`);
  }
}
