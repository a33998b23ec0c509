// Vector quantisation without tfjs: the oracles the tfjs quantiser (src/models/vqQuantizer.ts) is tested against,
// and the bookkeeping the labs do in JavaScript. van den Oord, Vinyals & Kavukcuoglu, "Neural Discrete
// Representation Learning" (NeurIPS 2017), with the EMA update of their appendix A.1 and the dead-code reset of
// Dhariwal et al., "Jukebox" (2020). Equations, as in the chapter (docs/chapters/08-vq-vae.md):
//   (1) k(z)       argmin_k ‖z − e_k‖²                       nearest code (ties: the lowest k)
//   (5) perplexity exp(−Σ_k p_k log p_k), p_k the share of vectors assigned to code k
//   (6) dead       u_k ← γ_u u_k + (1 − γ_u)·n_k/n;  code k is dead when u_k < τ/K
//   (7) EMA        N_k ← γN_k + (1 − γ)n_k,  m_k ← γm_k + (1 − γ)Σ_{i: k(z_i) = k} z_i
//   (8) Laplace    Ñ_k = (N_k + ε) / (Σ_j N_j + Kε) · Σ_j N_j,  e_k = m_k / Ñ_k
// Vectors are rows of flat arrays: z is [n·D], a codebook is [K·D].

/** Index of the nearest code (squared Euclidean distance) for each of the n rows of z; ties go to the lowest k. */
export function nearestCodes(z: ArrayLike<number>, codebook: ArrayLike<number>, dim: number): Int32Array {
  const n = rows("z", z, dim), K = rows("codebook", codebook, dim);
  if (K === 0) throw new Error("invalid codebook: no codes; expected at least one");
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity, arg = 0;
    for (let k = 0; k < K; k++) {
      let d = 0;
      for (let j = 0; j < dim; j++) { const t = z[i * dim + j] - codebook[k * dim + j]; d += t * t; }
      if (d < best) { best = d; arg = k; } // (1)
    }
    out[i] = arg;
  }
  return out;
}

/** How many of `indices` fall on each of the K codes. */
export function codeCounts(indices: ArrayLike<number>, K: number): Float64Array {
  const out = new Float64Array(K);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= K) throw new Error(`invalid indices[${i}]: ${k}; expected an integer in [0, ${K - 1}]`);
    out[k]++;
  }
  return out;
}

/** (5) exp of the entropy (nats) of the usage shares; 1 when one code takes everything, K when use is uniform. */
export function perplexity(counts: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < counts.length; k++) {
    if (!(counts[k] >= 0)) throw new Error(`invalid counts[${k}]: ${counts[k]}; expected a number ≥ 0`);
    total += counts[k];
  }
  if (total === 0) return 0;
  let h = 0;
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0) { const p = counts[k] / total; h -= p * Math.log(p); }
  return Math.exp(h);
}

/** The state of an EMA codebook: smoothed counts N [K] and smoothed sums m [K·D]. */
export interface EmaState {
  counts: Float64Array;
  sums: Float64Array;
}

/** An EMA state whose codebook is `codebook`, as if each code had been seen `count` times. */
export function emaInit(codebook: ArrayLike<number>, dim: number, count = 1): EmaState {
  const K = rows("codebook", codebook, dim);
  const sums = Float64Array.from(codebook, (v) => v * count);
  return {counts: new Float64Array(K).fill(count), sums};
}

/**
 * One EMA update (7) from a batch z [n·D] assigned to `indices`, then the codebook (8). Returns the new state and
 * codebook; the input state is not changed. decay γ in [0, 1), eps ε > 0 (Laplace smoothing of the counts).
 */
export function emaUpdate(state: EmaState, z: ArrayLike<number>, indices: ArrayLike<number>, dim: number, decay = 0.99, eps = 1e-5): EmaState & {codebook: Float64Array} {
  const K = state.counts.length, n = rows("z", z, dim);
  if (indices.length !== n) throw new Error(`invalid indices: length ${indices.length}; expected one per row of z (${n})`);
  if (!(decay >= 0 && decay < 1)) throw new Error(`invalid decay: ${decay}; expected a number in [0, 1)`);
  if (!(eps > 0)) throw new Error(`invalid eps: ${eps}; expected a number > 0`);
  const batchCounts = codeCounts(indices, K);
  const batchSums = new Float64Array(K * dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) batchSums[indices[i] * dim + j] += z[i * dim + j];
  const counts = state.counts.map((N, k) => decay * N + (1 - decay) * batchCounts[k]); // (7)
  const sums = state.sums.map((m, i) => decay * m + (1 - decay) * batchSums[i]); // (7)
  const total = counts.reduce((a, b) => a + b, 0);
  const codebook = new Float64Array(K * dim);
  for (let k = 0; k < K; k++) {
    const smoothed = ((counts[k] + eps) / (total + K * eps)) * total; // (8)
    for (let j = 0; j < dim; j++) codebook[k * dim + j] = sums[k * dim + j] / smoothed;
  }
  return {counts, sums, codebook};
}

/** (6) The usage shares after one batch: u ← γ_u·u + (1 − γ_u)·counts/n. */
export function updateUsage(usage: ArrayLike<number>, counts: ArrayLike<number>, decay: number): Float64Array {
  let n = 0;
  for (let k = 0; k < counts.length; k++) n += counts[k];
  return Float64Array.from(usage, (u, k) => decay * u + (1 - decay) * (n > 0 ? counts[k] / n : 0));
}

/** (6) The codes whose usage share is below threshold/K (threshold τ: a fraction of a uniform share). */
export function deadCodes(usage: ArrayLike<number>, threshold: number): number[] {
  const K = usage.length, out: number[] = [];
  for (let k = 0; k < K; k++) if (usage[k] < threshold / K) out.push(k);
  return out;
}

/** Counts sorted from most to least used, for the usage histogram. */
export function sortedUsage(counts: ArrayLike<number>): Float64Array {
  return Float64Array.from(counts).sort((a, b) => b - a);
}

function rows(name: string, a: ArrayLike<number>, dim: number): number {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`invalid dim: ${dim}; expected an integer ≥ 1`);
  if (a.length % dim !== 0) throw new Error(`invalid ${name}: length ${a.length}; expected a multiple of dim (${dim})`);
  return a.length / dim;
}
