// The Mutual Information Gap: Chen, Li, Grosse & Duvenaud, "Isolating Sources of Disentanglement in Variational
// Autoencoders" (NeurIPS 2018), eq. (6), with the histogram estimator of Locatello et al. 2019
// (disentanglement_lib). Plain float64 JavaScript, no tfjs: the oracle for the lab and its tests.
//
//   MIG = (1/K) Σ_k [ I(z_{j(k)}; v_k) − I(z_{j'(k)}; v_k) ] / H(v_k)
//
// where v_k is the k-th ground-truth factor (its value index), j(k) and j'(k) the latents with the largest and
// second largest mutual information with it. Estimator: each latent mean is discretised into `bins` equal-width
// bins over its observed range; I and H are plug-in (histogram) estimates in nats over the n examples.
// A code that copies factor v_k into one latent scores H(bin(v_k))/H(v_k) for it, which is 1 only when the bins
// separate all of v_k's values: with 20 bins, a 40-valued factor scores at most log 20 / log 40 = 0.81.

/** Bin index in [0, bins) of each value: equal-width bins over [min, max] of `values` (one bin if constant). */
export function discretise(values: ArrayLike<number>, bins: number): Int32Array {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`invalid bins: ${bins}; expected an integer ≥ 1`);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new Error(`invalid value at ${i}: ${v}; expected finite numbers`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const out = new Int32Array(values.length);
  if (!(hi > lo)) return out;
  const w = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) out[i] = Math.min(bins - 1, Math.floor((values[i] - lo) / w));
  return out;
}

/** Plug-in entropy H(a) in nats of labels a ∈ [0, na). */
export function entropy(a: ArrayLike<number>, na: number): number {
  const counts = new Float64Array(na);
  for (let i = 0; i < a.length; i++) counts[a[i]]++;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / a.length) * Math.log(c / a.length);
  return h;
}

/** Plug-in mutual information I(a; b) in nats of paired labels a ∈ [0, na), b ∈ [0, nb). */
export function mutualInformation(a: ArrayLike<number>, na: number, b: ArrayLike<number>, nb: number): number {
  const n = a.length;
  if (b.length !== n) throw new Error(`mutualInformation: length mismatch (${n} vs ${b.length})`);
  const joint = new Float64Array(na * nb), pa = new Float64Array(na), pb = new Float64Array(nb);
  for (let i = 0; i < n; i++) { joint[a[i] * nb + b[i]]++; pa[a[i]]++; pb[b[i]]++; }
  let mi = 0;
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      const c = joint[i * nb + j];
      if (c > 0) mi += (c / n) * Math.log((c * n) / (pa[i] * pb[j]));
    }
  }
  return Math.max(0, mi); // rounding can leave −1e−16 for independent labels
}

/** Options of `mig`. */
export interface MigOptions {
  /** Equal-width bins per latent. Default 20 (as disentanglement_lib). */
  bins?: number;
}

/** Everything MIG is made of, for the views and the text. */
export interface MigResult {
  /** The gap averaged over factors, in [0, 1]. */
  mig: number;
  /** Normalised gap per factor: (I_top − I_second) / H(v_k). */
  gaps: number[];
  /** I(z_j; v_k) in nats, [factor][latent]. */
  mi: number[][];
  /** H(v_k) in nats, per factor. */
  entropies: number[];
  /** The latent with the most information about each factor. */
  top: number[];
}

/**
 * MIG of a code: `latents` n×d (row-major, e.g. encoder means), `factors` n×K value indices (row-major),
 * `sizes` the number of values of each factor. Factors with H(v_k) = 0 in the sample are an error (no gap to
 * normalise). Needs d ≥ 2.
 */
export function mig(latents: ArrayLike<number>, factors: ArrayLike<number>, sizes: readonly number[], options: MigOptions = {}): MigResult {
  const bins = options.bins ?? 20;
  const K = sizes.length;
  const n = factors.length / K;
  if (!Number.isInteger(n) || n < 2) throw new Error(`invalid factors: length ${factors.length}; expected n × ${K} with n ≥ 2`);
  const d = latents.length / n;
  if (!Number.isInteger(d) || d < 2) throw new Error(`invalid latents: length ${latents.length}; expected ${n} × d with d ≥ 2`);
  const codes = Array.from({length: d}, (_, j) => discretise(Float64Array.from({length: n}, (_, i) => latents[i * d + j]), bins));
  const gaps: number[] = [], mi: number[][] = [], entropies: number[] = [], top: number[] = [];
  for (let k = 0; k < K; k++) {
    const v = Int32Array.from({length: n}, (_, i) => factors[i * K + k]);
    for (let i = 0; i < n; i++) {
      if (!Number.isInteger(v[i]) || v[i] < 0 || v[i] >= sizes[k]) throw new Error(`invalid factor ${k} at example ${i}: ${v[i]}; expected an integer in [0, ${sizes[k] - 1}]`);
    }
    const h = entropy(v, sizes[k]);
    if (!(h > 0)) throw new Error(`invalid factors: factor ${k} takes one value in the sample, H = 0; MIG needs every factor to vary`);
    const row = codes.map((c) => mutualInformation(c, bins, v, sizes[k]));
    const order = row.map((_, j) => j).sort((a, b) => row[b] - row[a]);
    gaps.push((row[order[0]] - row[order[1]]) / h);
    mi.push(row);
    entropies.push(h);
    top.push(order[0]);
  }
  return {mig: gaps.reduce((a, b) => a + b, 0) / K, gaps, mi, entropies, top};
}
