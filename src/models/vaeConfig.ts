// The VAE's configuration, without TensorFlow.js: the page's main thread checks settings with it (the model itself
// runs in the Worker). Model: src/models/vae.ts.

export interface VaeConfig {
  inputDim: number;
  hiddenDim: number;
  latentDim: number;
  beta: number;
  variational: boolean;
}

export const vaeDefaults: VaeConfig = {
  inputDim: 784, // a 28×28 MNIST image, flattened, pixels in [0, 1]
  hiddenDim: 400, // one hidden layer of 400 ReLU units in encoder and decoder (as in the paper's MNIST runs)
  latentDim: 20, // 20 latent dimensions; use 2 to plot the latent space directly
  beta: 1, // weight of the KL term: 1 is the ELBO, other values the β-VAE
  variational: true // false: the plain autoencoder of the same shape, z = μ(x), loss = reconstruction only
};

/**
 * The variables, in the fixed order of `Vae.variables` and of checkpoints, with their shapes.
 * Weights are drawn from `rng` in this order too.
 */
export const vaeVariableNames = [
  "enc/W1", "enc/b1", // [inputDim, hiddenDim], [hiddenDim]
  "enc/Wmu", "enc/bmu", // [hiddenDim, latentDim], [latentDim]
  "enc/Wlv", "enc/blv", // [hiddenDim, latentDim], [latentDim]
  "dec/W1", "dec/b1", // [latentDim, hiddenDim], [hiddenDim]
  "dec/W2", "dec/b2" // [hiddenDim, inputDim], [inputDim]
] as const;

function checkInt(name: string, v: unknown, lo: number, hi: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    const range = hi === Infinity ? `≥ ${lo}` : `in [${lo}, ${hi}]`;
    throw new Error(`invalid ${name}: ${v}; expected an integer ${range}`);
  }
}

export function checkBeta(v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 100) {
    throw new Error(`invalid beta: ${v}; expected a finite number in [0, 100]`);
  }
  return v;
}

/** Defaults merged with `c` (undefined entries keep the default); throws a message naming any bad value. */
export function validateVaeConfig(c: Partial<VaeConfig> = {}): VaeConfig {
  const out = {...vaeDefaults};
  for (const k of Object.keys(vaeDefaults) as (keyof VaeConfig)[]) if (c[k] !== undefined) (out as Record<string, unknown>)[k] = c[k];
  checkInt("inputDim", out.inputDim, 1, Infinity);
  checkInt("hiddenDim", out.hiddenDim, 1, 2048);
  checkInt("latentDim", out.latentDim, 1, 64);
  checkBeta(out.beta);
  if (typeof out.variational !== "boolean") throw new Error(`invalid variational: ${out.variational}; expected true or false`);
  return out;
}

/** Number of trainable parameters (weights and biases) of a VAE with config `c`. */
export function vaeParameterCount(c: VaeConfig): number {
  const {inputDim: d, hiddenDim: h, latentDim: k} = c;
  return (d * h + h) + 2 * (h * k + k) + (k * h + h) + (h * d + d);
}
