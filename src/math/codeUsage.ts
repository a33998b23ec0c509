// Codebook health, tf-free: the running usage of each code (6), the dead codes, and the dead-code reset of
// Dhariwal et al., "Jukebox: A Generative Model for Music" (2020, §3.2 and appendix: codes whose usage falls below a
// threshold are re-seeded at encoder outputs of the current batch). The labs call `observe` with each batch's codes
// and `plan` every few steps; the quantiser writes the planned vectors into the codebook.
import type {Rng} from "./rng.js";
import {codeCounts, deadCodes, perplexity, updateUsage} from "./vq.js";

/** Settings of the usage tracker. */
export interface UsageOptions {
  /** γ_u of (6): how slowly the usage shares forget. 0.99 ≈ the last 100 batches. */
  decay: number;
  /** τ of (6): a code is dead below τ/K, τ times a uniform share. */
  threshold: number;
  /** Re-seeded codes get this jitter (standard deviation, in units of the batch's spread) so twins separate. */
  jitter: number;
}

export const usageDefaults: UsageOptions = {decay: 0.99, threshold: 0.03, jitter: 0.01};

/** What one batch says about the codebook. */
export interface BatchUsage {
  /** (5) Perplexity of this batch's codes. */
  perplexity: number;
  /** Codes the batch used at least once. */
  used: number;
  /** Dead codes after this batch, by (6). */
  dead: number;
}

export class CodeUsage {
  /** u_k of (6); every code starts at a uniform share 1/K, so none is dead before it has had a chance. */
  usage: Float64Array;
  /** How many codes have been re-seeded in all. */
  resets = 0;

  constructor(readonly K: number, readonly options: UsageOptions = usageDefaults) {
    if (!Number.isInteger(K) || K < 1) throw new Error(`invalid K: ${K}; expected an integer ≥ 1`);
    this.usage = new Float64Array(K).fill(1 / K);
  }

  /** Updates the usage with one batch's code indices. */
  observe(indices: ArrayLike<number>): BatchUsage {
    const counts = codeCounts(indices, this.K);
    this.usage = updateUsage(this.usage, counts, this.options.decay);
    return {perplexity: perplexity(counts), used: counts.reduce((a, c) => a + (c > 0 ? 1 : 0), 0), dead: this.dead().length};
  }

  /** The dead codes now. */
  dead(): number[] {
    return deadCodes(this.usage, this.options.threshold);
  }

  /**
   * The reset: for each dead code, a random row of z [n·D] (the batch's encoder outputs) plus jitter. Marks the
   * re-seeded codes as used at a uniform share, so they have time to win vectors before they can die again.
   */
  plan(z: ArrayLike<number>, dim: number, rng: Rng): {codes: number[]; vectors: Float32Array} {
    const codes = this.dead(), n = z.length / dim;
    if (!Number.isInteger(n) || n < 1) throw new Error(`invalid z: length ${z.length}; expected a positive multiple of dim (${dim})`);
    let spread = 0, mean = 0;
    for (let i = 0; i < z.length; i++) mean += z[i] / z.length;
    for (let i = 0; i < z.length; i++) spread += (z[i] - mean) ** 2 / z.length;
    const sd = Math.sqrt(spread) * this.options.jitter;
    const vectors = new Float32Array(codes.length * dim);
    codes.forEach((k, c) => {
      const row = rng.int(n);
      for (let j = 0; j < dim; j++) vectors[c * dim + j] = z[row * dim + j] + sd * rng.normal();
      this.usage[k] = 1 / this.K;
    });
    this.resets += codes.length;
    return {codes, vectors};
  }
}
