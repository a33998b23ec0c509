// The collapse VAE's configuration, without TensorFlow.js, so a page can check settings on its main thread.
// Model: ./collapseVae.ts.

export interface CollapseVaeConfig {
  /** Side of the square image: 28 (MNIST) or 14 (MNIST averaged over 2×2 blocks, 4× fewer pixels). */
  side: number;
  hiddenDim: number;
  latentDim: number;
  /** "autoregressive": the decoder also sees the pixels before each one (raster order); "mlp": it sees only z. */
  decoder: "autoregressive" | "mlp";
  /** g: the autoregressive weights are g·A with A the variable, so Adam moves them g times faster than the rest. */
  arGain: number;
  /** Weight of the KL term (1: the ELBO); the annealing lab sets it at every step from a schedule. */
  beta: number;
  /** Free bits λ, nats per latent dimension (Kingma et al. 2016); 0 uses the plain KL. */
  freeBits: number;
}

export const collapseVaeDefaults: CollapseVaeConfig = {
  side: 28, // full MNIST digits, 784 pixels
  hiddenDim: 200, // one hidden layer of 200 ReLU units in the encoder and in the decoder's z path
  latentDim: 8, // few enough latents to read each one's KL on a heatmap
  decoder: "autoregressive", // the powerful decoder that can do without z
  arGain: 10, // the pixel path learns 10× faster than the latent path: it explains the digit before z is of use
  beta: 1, // the ELBO
  freeBits: 0 // no floor: the plain KL
};

/** The variables, in the fixed order of `CollapseVae.variables`; weights are drawn in this order. */
export const collapseVaeVariableNames = [
  "enc/W1", "enc/b1", // [d, hiddenDim], [hiddenDim]
  "enc/Wmu", "enc/bmu", // [hiddenDim, latentDim], [latentDim]
  "enc/Wlv", "enc/blv", // [hiddenDim, latentDim], [latentDim]
  "dec/V1", "dec/c1", // [latentDim, hiddenDim], [hiddenDim]
  "dec/V2", "dec/c2", // [hiddenDim, d], [d]
  "dec/A" // [d, d] through the strictly upper-triangular mask; [1, 1] and unused for decoder "mlp"
] as const;

function checkInt(name: string, v: unknown, lo: number, hi: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) throw new Error(`invalid ${name}: ${v}; expected an integer in [${lo}, ${hi}]`);
}
function checkRange(name: string, v: unknown, lo: number, hi: number): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) throw new Error(`invalid ${name}: ${v}; expected a finite number in [${lo}, ${hi}]`);
}

/** Defaults merged with `c` (undefined entries keep the default); throws a message naming any bad value. */
export function validateCollapseVaeConfig(c: Partial<CollapseVaeConfig> = {}): CollapseVaeConfig {
  const out = {...collapseVaeDefaults};
  for (const k of Object.keys(collapseVaeDefaults) as (keyof CollapseVaeConfig)[]) if (c[k] !== undefined) (out as Record<string, unknown>)[k] = c[k];
  if (out.side !== 28 && out.side !== 14) throw new Error(`invalid side: ${out.side}; expected 28 or 14`);
  checkInt("hiddenDim", out.hiddenDim, 1, 1024);
  checkInt("latentDim", out.latentDim, 1, 32);
  if (out.decoder !== "autoregressive" && out.decoder !== "mlp") throw new Error(`invalid decoder: ${JSON.stringify(out.decoder)}; expected "autoregressive" or "mlp"`);
  checkRange("arGain", out.arGain, 0, 1000);
  checkRange("beta", out.beta, 0, 100);
  checkRange("freeBits", out.freeBits, 0, 10);
  return out;
}

/** Pixels per image, side². */
export const collapseInputDim = (c: CollapseVaeConfig): number => c.side * c.side;

/**
 * MNIST at `side` 14: each output pixel the mean of a 2×2 block of the 28×28 image. `images` is [n · 784]; returns
 * [n · side²] (the same array for side 28).
 */
export function downsample(images: Float32Array, n: number, side: number): Float32Array {
  if (side === 28) return images;
  if (side !== 14) throw new Error(`invalid side: ${side}; expected 28 or 14`);
  const out = new Float32Array(n * 196);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < 14; r++) for (let c = 0; c < 14; c++) {
      const a = i * 784 + 2 * r * 28 + 2 * c;
      out[i * 196 + r * 14 + c] = (images[a] + images[a + 1] + images[a + 28] + images[a + 29]) / 4;
    }
  }
  return out;
}
