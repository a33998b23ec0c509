// The latent normalisation of latent diffusion, computed the way the codecs' authors did it (float64, no tfjs).
//   (1) scaling_factor = 1 / std(z)   over every number of a batch of encoded latents, flattened
//   (2) shift_factor   = mean(z)      (SD3, FLUX.1; SD 1.x has none: shift 0)
//   (3) the diffusion model sees z' = (z − shift) · scale, which has mean 0 and standard deviation 1 on that batch;
//       the decoder gets z = z' / scale + shift back.
// (1) is CompVis/latent-diffusion `ldm/models/diffusion/ddpm.py` (LatentDiffusion, scale_by_std):
// `self.scale_factor = 1. / z.flatten().std()` on the first batch (z sampled from the posterior), and torch's
// `std()` is the sample standard deviation (divisor N − 1), as here. 0.18215 for SD 1.x is this number for its
// KL-f8 autoencoder. Rombach et al. (2022), "High-Resolution Image Synthesis with Latent Diffusion Models",
// section 4.3.2 and appendix D.1, explain why: the latent's scale sets the signal-to-noise ratio of diffusion.
// How SD3's shift (0.0609) and scale (1.5305) were measured is not published; (2)–(3) are the natural reading
// of diffusers' `(latents − shift_factor) · scaling_factor`.

export interface LatentStats {
  /** Number of latent values. */
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n − 1). */
  std: number;
  /** (1) 1 / std. */
  scalingFactor: number;
  /** (2) mean. */
  shiftFactor: number;
}

/** Mean and sample standard deviation (two passes, float64) of every number in `latents`. */
export function latentStats(latents: ArrayLike<number>): LatentStats {
  const n = latents.length;
  if (n < 2) throw new Error(`latentStats: ${n} values; expected at least 2 to estimate a standard deviation`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += latents[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) { const d = latents[i] - mean; ss += d * d; }
  const std = Math.sqrt(ss / (n - 1));
  if (!Number.isFinite(std) || std === 0) throw new Error(`latentStats: standard deviation ${std}; the latents must vary and be finite`);
  return {n, mean, std, scalingFactor: 1 / std, shiftFactor: mean};
}

/** (1) scaling_factor = 1 / std of the latents, as SD computes it. */
export function scalingFactor(latents: ArrayLike<number>): number {
  return latentStats(latents).scalingFactor;
}

/** (2) shift_factor = mean of the latents, the SD3-style shift. */
export function shiftFactor(latents: ArrayLike<number>): number {
  return latentStats(latents).shiftFactor;
}

/** (3) z' = (z − shift) · scale, a new array. */
export function normalizeLatents(latents: ArrayLike<number>, scale: number, shift = 0): Float64Array {
  return Float64Array.from(latents, (z) => (z - shift) * scale);
}

/** (3) inverted: z = z' / scale + shift, a new array. */
export function denormalizeLatents(scaled: ArrayLike<number>, scale: number, shift = 0): Float64Array {
  if (scale === 0) throw new Error("invalid scale: 0; expected a non-zero number");
  return Float64Array.from(scaled, (z) => z / scale + shift);
}
