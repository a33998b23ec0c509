// The image codecs of latent diffusion, and the arithmetic of their latents (plain numbers, no tfjs).
// A codec with downsampling f and c channels turns an H×W×3 image into an h×w×c latent, h = H/f, w = W/f:
//   (1) numbers      h·w·c
//   (2) compression  H·W·3 / (h·w·c) = 3f²/c        48× for f8c4, 12× for f8c16, 6× for f8c32, 96× for f32c32
//   (3) tokens       (h/p)·(w/p) for a transformer that cuts the latent into p×p patches, p²·c numbers each
//   (4) memory       numbers × bytes per number: 4 for fp32, 2 for fp16 and bf16
// The normalisation before diffusion (see latentScaling.ts): z' = (z − shift_factor) · scaling_factor.
//
// Sources and certainty. Every f, c, scaling and shift below was read from the public config named in its row
// (diffusers `vae/config.json` files on the Hugging Face Hub, or the reference code); the patch sizes p come from
// the papers and are the least certain entries. Flagged:
//   - Hunyuan Image: issue 8 says "64 channels over 16×16 patches"; the public HunyuanImage-2.1 VAE config says
//     spatial_compression_ratio 32 and latent_channels 64 (32×32 pixels per latent position, 48×). The table
//     follows the config; p = 1 (each latent position one token) is our reading of the 2.1 report, unverified.
//   - FLUX.2 has no scalar factors: it normalises with the running mean and variance of a BatchNorm over the
//     2×2-patchified latent (128 = 32·4 channels), so scalingFactor and shiftFactor are null.
//   - DC-AE f64c128 and f128c512: channel counts from the DC-AE model names (dc-ae-f64c128-in-1.0, …); their
//     scaling factors were not checked and are null.
//   - VAE-free: pixel-space models skip the codec; JiT (Li & He 2025, "Back to Basics: Let Denoising Generative
//     Models Denoise") feeds 16×16 pixel patches to the transformer, so f = 1, c = 3, p = 16, compression 1×.
//     Others: PixelFlow (2025), SiD2 ("Simpler Diffusion", Hoogeboom et al. 2025). RAE (Zheng et al. 2025,
//     "Diffusion Transformers with Representation Autoencoders") keeps a latent but from a frozen DINOv2 encoder.

export type Dtype = "fp32" | "fp16" | "bf16";

/** Bytes per number of each storage type. */
export const bytesPerNumber: Readonly<Record<Dtype, number>> = {fp32: 4, fp16: 2, bf16: 2};

/**
 * The KL weight of the SD autoencoder: `kl_weight: 0.000001` in CompVis/latent-diffusion
 * configs/autoencoder/autoencoder_kl_32x32x4.yaml (the KL-f8 model), against β = 1 for the ELBO.
 */
export const productionKlWeight = 1e-6;

export interface Codec {
  id: string;
  /** Short display name. */
  name: string;
  /** The generators that use it. */
  models: string;
  /** Spatial downsampling: one latent position per f×f pixels. */
  f: number;
  /** Latent channels. */
  c: number;
  /** Patch size of the diffusion transformer on the latent (1 for a U-Net: every latent position counts). */
  patch: number;
  /** `scaling_factor`, multiplied into the latent before diffusion; null where there is none (or unchecked). */
  scalingFactor: number | null;
  /** `shift_factor`, subtracted before scaling; null where there is none. */
  shiftFactor: number | null;
  /** Paper and config the numbers were read from. */
  source: string;
}

export const codecs: readonly Codec[] = [
  {id: "sd", name: "SD 1.x / 2.x", models: "Stable Diffusion 1.x, 2.x (U-Net)", f: 8, c: 4, patch: 1,
    scalingFactor: 0.18215, shiftFactor: null,
    source: "Rombach et al. 2022, Latent Diffusion (KL-f8); runwayml/stable-diffusion-v1-5 vae/config.json"},
  {id: "sdxl", name: "SDXL", models: "SDXL (U-Net)", f: 8, c: 4, patch: 1,
    scalingFactor: 0.13025, shiftFactor: null,
    source: "Podell et al. 2023, SDXL; stabilityai/stable-diffusion-xl-base-1.0 vae/config.json"},
  {id: "sd3", name: "SD3", models: "Stable Diffusion 3 / 3.5 (MMDiT, 2×2 patches)", f: 8, c: 16, patch: 2,
    scalingFactor: 1.5305, shiftFactor: 0.0609,
    source: "Esser et al. 2024, Scaling Rectified Flow Transformers; stable-diffusion-3-medium-diffusers vae/config.json"},
  {id: "flux1", name: "FLUX.1", models: "FLUX.1 dev / schnell (2×2 patches)", f: 8, c: 16, patch: 2,
    scalingFactor: 0.3611, shiftFactor: 0.1159,
    source: "black-forest-labs/flux src/flux/util.py AutoEncoderParams; FLUX.1-dev vae/config.json"},
  {id: "flux2", name: "FLUX.2", models: "FLUX.2 (2×2 patches, BatchNorm-normalised)", f: 8, c: 32, patch: 2,
    scalingFactor: null, shiftFactor: null,
    source: "Black Forest Labs 2025, FLUX.2 VAE (Apache-2.0); diffusers AutoencoderKLFlux2 config (latent_channels 32, patch_size [2, 2])"},
  {id: "dcae-f32c32", name: "DC-AE f32c32", models: "SANA (patch 1)", f: 32, c: 32, patch: 1,
    scalingFactor: 0.41407, shiftFactor: null,
    source: "Chen et al. 2025 (ICLR), Deep Compression Autoencoder; mit-han-lab/dc-ae-f32c32-sana-1.0-diffusers config"},
  {id: "dcae-f64c128", name: "DC-AE f64c128", models: "DC-AE ImageNet models", f: 64, c: 128, patch: 1,
    scalingFactor: null, shiftFactor: null,
    source: "Chen et al. 2025 (ICLR), Deep Compression Autoencoder; mit-han-lab/dc-ae-f64c128-in-1.0"},
  {id: "dcae-f128c512", name: "DC-AE f128c512", models: "DC-AE ImageNet models", f: 128, c: 512, patch: 1,
    scalingFactor: null, shiftFactor: null,
    source: "Chen et al. 2025 (ICLR), Deep Compression Autoencoder; mit-han-lab/dc-ae-f128c512-in-1.0"},
  {id: "hunyuan-image-2.1", name: "Hunyuan Image 2.1", models: "HunyuanImage-2.1 (2K images)", f: 32, c: 64, patch: 1,
    scalingFactor: 0.75289, shiftFactor: null,
    source: "Tencent Hunyuan 2025, HunyuanImage-2.1; hunyuanvideo-community/HunyuanImage-2.1-Diffusers vae/config.json"},
  {id: "pixel", name: "VAE-free (pixels)", models: "JiT/16 and other pixel-space transformers", f: 1, c: 3, patch: 16,
    scalingFactor: null, shiftFactor: null,
    source: "Li & He 2025, Back to Basics: Let Denoising Generative Models Denoise (JiT)"}
];

/** The row of `codecs` with this id; throws a message listing the ids otherwise. */
export function codec(id: string): Codec {
  const row = codecs.find((r) => r.id === id);
  if (!row) throw new Error(`unknown codec: ${id}; expected one of ${codecs.map((r) => r.id).join(", ")}`);
  return row;
}

export interface LatentShapeInput {
  /** Image height and width in pixels. */
  height: number;
  width: number;
  /** Image channels; 3 for RGB. */
  channels?: number;
  /** Spatial downsampling factor; must divide height and width. */
  f: number;
  /** Latent channels. */
  c: number;
  /** Transformer patch size on the latent (default 1); must divide the latent height and width. */
  patch?: number;
}

export interface LatentShape {
  /** Latent height, width and channels. */
  h: number;
  w: number;
  c: number;
  /** (1) Numbers in one latent, h·w·c. */
  numbers: number;
  /** Numbers in the image, H·W·channels. */
  imageNumbers: number;
  /** (3) Transformer tokens, (h/p)·(w/p), and the numbers in each, p²·c. */
  tokens: number;
  tokenDim: number;
  /** (2) H·W·channels / (h·w·c); equals channels·f²/c. */
  compression: number;
  /** (4) Bytes of one latent stored as `dtype`. */
  bytesPerImage(dtype: Dtype): number;
}

function checkInt(name: string, v: unknown, hi = 1 << 20): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > hi) {
    throw new Error(`invalid ${name}: ${v}; expected an integer in [1, ${hi}]`);
  }
  return v;
}

/** The latent of an image under downsampling f and c channels: shape, tokens, compression and memory. */
export function latentShape({height, width, channels = 3, f, c, patch = 1}: LatentShapeInput): LatentShape {
  checkInt("height", height); checkInt("width", width); checkInt("channels", channels, 64);
  checkInt("f", f, 1024); checkInt("c", c, 4096); checkInt("patch", patch, 1024);
  if (height % f !== 0) throw new Error(`invalid height: ${height}; f = ${f} must divide it (try ${Math.max(1, Math.round(height / f)) * f})`);
  if (width % f !== 0) throw new Error(`invalid width: ${width}; f = ${f} must divide it (try ${Math.max(1, Math.round(width / f)) * f})`);
  const h = height / f, w = width / f;
  if (h % patch !== 0 || w % patch !== 0) {
    throw new Error(`invalid patch: ${patch}; it must divide the latent size ${h}×${w} (image ${height}×${width} over f = ${f})`);
  }
  const numbers = h * w * c, imageNumbers = height * width * channels;
  return {
    h, w, c, numbers, imageNumbers,
    tokens: (h / patch) * (w / patch),
    tokenDim: patch * patch * c,
    compression: imageNumbers / numbers,
    bytesPerImage(dtype: Dtype): number {
      const b = bytesPerNumber[dtype];
      if (b === undefined) throw new Error(`invalid dtype: ${dtype}; expected fp32, fp16 or bf16`);
      return numbers * b;
    }
  };
}

/** `latentShape` for a row of the table at a given resolution. */
export function codecLatent(row: Codec, height: number, width = height): LatentShape {
  return latentShape({height, width, f: row.f, c: row.c, patch: row.patch});
}
