// Reconstruction quality of single-channel images with values in [0, L] (L = 1 for our pixels), in float64.
//   (1) PSNR = 10 log10(L² / MSE),  MSE = mean (x − y)²         identical images give +∞
//   (2) SSIM (Wang, Bovik, Sheikh & Simoncelli 2004, "Image Quality Assessment: From Error Visibility to
//       Structural Similarity", eq. 13) in each window:
//         SSIM(x, y) = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)),  C1 = (K1·L)², C2 = (K2·L)²
//       with window-weighted means, variances and covariance (weights summing to 1, no N/(N−1) correction),
//       averaged over every *valid* window position (the window never leaves the image: no padding), which
//       is the mean SSIM of the paper's reference MATLAB code (ssim_index.m, filter2 'valid'), without its
//       later automatic downsampling. Defaults: Gaussian window 11×11, σ = 1.5, K1 = 0.01, K2 = 0.03.
//       `window: "uniform"` uses equal weights 1/size² instead (a box window). scikit-image's default
//       (`structural_similarity` without gaussian_weights) differs: 7×7 box and sample covariance.
//   (3) gradient energy G(x) = Σ (x[r, c+1] − x[r, c])² + Σ (x[r+1, c] − x[r, c])², over width·height: the mean
//       squared forward difference, horizontal plus vertical. Sharpness of a reconstruction = G(y) / G(x) summed over
//       a batch: 1 when y has as much edge contrast as x, below 1 when y is blurrier (a box blur lowers it), above
//       1 when y adds edges or noise. A simple stand-in for the "blur" a reader sees; no paper defines it so.
// Images are row-major arrays of width·height numbers.

export interface SsimOptions {
  /** Window weights: "gaussian" (default, the paper) or "uniform" (a box). */
  window?: "gaussian" | "uniform";
  /** Window side in pixels, odd or even (default 11). */
  size?: number;
  /** Standard deviation of the Gaussian window in pixels (default 1.5). */
  sigma?: number;
  /** Stabilising constants (defaults 0.01 and 0.03) and the data range L (default 1). */
  k1?: number;
  k2?: number;
  dataRange?: number;
}

export const ssimDefaults: Required<SsimOptions> = {window: "gaussian", size: 11, sigma: 1.5, k1: 0.01, k2: 0.03, dataRange: 1};

function checkPair(name: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`${name}: length mismatch (${a.length} vs ${b.length})`);
  if (a.length === 0) throw new Error(`${name}: empty images`);
}

/** Mean squared error Σ(a − b)² / n. */
export function mse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkPair("mse", a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) { const d = a[i] - b[i]; s += d * d; }
  return s / a.length;
}

/** (1) Peak signal-to-noise ratio in dB for data range `dataRange` (1 for pixels in [0, 1]); +∞ when a = b. */
export function psnr(a: ArrayLike<number>, b: ArrayLike<number>, dataRange = 1): number {
  if (!(dataRange > 0)) throw new Error(`invalid dataRange: ${dataRange}; expected a number > 0`);
  const m = mse(a, b);
  return m === 0 ? Infinity : 10 * Math.log10((dataRange * dataRange) / m);
}

/** The 1-D window weights (summing to 1); the 2-D window is their outer product. */
export function ssimWindow(size: number, window: "gaussian" | "uniform", sigma: number): Float64Array {
  const g = new Float64Array(size);
  const r = (size - 1) / 2;
  for (let k = 0; k < size; k++) g[k] = window === "uniform" ? 1 : Math.exp(-((k - r) ** 2) / (2 * sigma * sigma));
  const total = g.reduce((s, v) => s + v, 0);
  return g.map((v) => v / total);
}

/** Weighted sums of `img` over every valid size×size window, separably: [(height−size+1)·(width−size+1)]. */
function filterValid(img: Float64Array, width: number, height: number, g: Float64Array): Float64Array {
  const n = g.length, ow = width - n + 1, oh = height - n + 1;
  const rows = new Float64Array(height * ow); // [height, ow]: horizontal pass
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += g[k] * img[y * width + x + k];
      rows[y * ow + x] = s;
    }
  }
  const out = new Float64Array(oh * ow); // [oh, ow]: vertical pass
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += g[k] * rows[(y + k) * ow + x];
      out[y * ow + x] = s;
    }
  }
  return out;
}

/** (2) The SSIM of every valid window, row-major [(height−size+1)·(width−size+1)]. */
export function ssimMap(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number, options: SsimOptions = {}): Float64Array {
  const o = {...ssimDefaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))} as Required<SsimOptions>;
  checkPair("ssim", a, b);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height !== a.length) {
    throw new Error(`invalid image size: ${width}×${height}; expected positive integers with width·height = ${a.length}`);
  }
  if (o.window !== "gaussian" && o.window !== "uniform") throw new Error(`invalid window: ${o.window}; expected "gaussian" or "uniform"`);
  if (!Number.isInteger(o.size) || o.size < 1 || o.size > Math.min(width, height)) {
    throw new Error(`invalid size: ${o.size}; expected an integer window in [1, ${Math.min(width, height)}] for a ${width}×${height} image`);
  }
  if (!(o.sigma > 0)) throw new Error(`invalid sigma: ${o.sigma}; expected a number > 0`);
  if (!(o.dataRange > 0)) throw new Error(`invalid dataRange: ${o.dataRange}; expected a number > 0`);
  const g = ssimWindow(o.size, o.window, o.sigma);
  const x = Float64Array.from(a), y = Float64Array.from(b);
  const mx = filterValid(x, width, height, g), my = filterValid(y, width, height, g);
  const xx = filterValid(x.map((v) => v * v), width, height, g);
  const yy = filterValid(y.map((v) => v * v), width, height, g);
  const xy = filterValid(x.map((v, i) => v * y[i]), width, height, g);
  const c1 = (o.k1 * o.dataRange) ** 2, c2 = (o.k2 * o.dataRange) ** 2;
  return mx.map((ux, i) => {
    const uy = my[i];
    const vx = xx[i] - ux * ux, vy = yy[i] - uy * uy, cxy = xy[i] - ux * uy; // weighted (co)variances
    return ((2 * ux * uy + c1) * (2 * cxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
  });
}

/** (2) Mean SSIM over the valid windows of two width×height images. */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number, options: SsimOptions = {}): number {
  const m = ssimMap(a, b, width, height, options);
  return m.reduce((s, v) => s + v, 0) / m.length;
}

/** Mean PSNR and mean SSIM over `n` pairs of width×height images stored one after another. */
export function imageQuality(a: ArrayLike<number>, b: ArrayLike<number>, n: number, width: number, height: number, options: SsimOptions = {}): {psnr: number; ssim: number} {
  const d = width * height;
  if (!Number.isInteger(n) || n < 1 || a.length !== n * d || b.length !== n * d) {
    throw new Error(`invalid n: ${n}; expected ${n}·${width}·${height} = ${n * d} numbers per batch, got ${a.length} and ${b.length}`);
  }
  const slice = (v: ArrayLike<number>, i: number) => Array.prototype.slice.call(v, i * d, (i + 1) * d) as number[];
  let p = 0, s = 0;
  for (let i = 0; i < n; i++) {
    const x = slice(a, i), y = slice(b, i);
    p += psnr(x, y, options.dataRange ?? 1);
    s += ssim(x, y, width, height, options);
  }
  return {psnr: p / n, ssim: s / n};
}

/** (3) Mean squared forward difference (horizontal + vertical) of one width×height image, per pixel. */
export function gradientEnergy(a: ArrayLike<number>, width: number, height: number): number {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height !== a.length) {
    throw new Error(`invalid image size: ${width}×${height}; expected positive integers with width·height = ${a.length}`);
  }
  let s = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const v = a[r * width + c];
      if (c + 1 < width) s += (a[r * width + c + 1] - v) ** 2;
      if (r + 1 < height) s += (a[(r + 1) * width + c] - v) ** 2;
    }
  }
  return s / (width * height);
}

/** (3) Σ G(reconstruction) / Σ G(original) over `n` pairs of width×height images: below 1 means blurrier. */
export function sharpness(original: ArrayLike<number>, reconstruction: ArrayLike<number>, n: number, width: number, height: number): number {
  const d = width * height;
  if (!Number.isInteger(n) || n < 1 || original.length !== n * d || reconstruction.length !== n * d) {
    throw new Error(`invalid n: ${n}; expected ${n}·${width}·${height} = ${n * d} numbers per batch, got ${original.length} and ${reconstruction.length}`);
  }
  const slice = (v: ArrayLike<number>, i: number) => Array.prototype.slice.call(v, i * d, (i + 1) * d) as number[];
  let g0 = 0, g1 = 0;
  for (let i = 0; i < n; i++) { g0 += gradientEnergy(slice(original, i), width, height); g1 += gradientEnergy(slice(reconstruction, i), width, height); }
  if (g0 === 0) throw new Error("sharpness: the originals are constant (gradient energy 0); nothing to compare against");
  return g1 / g0;
}
