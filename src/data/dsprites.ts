// A procedural dSprites: Matthey, Higgins, Hassabis & Lerchner, "dSprites: Disentanglement testing Sprites
// dataset" (2017), the images of Higgins et al. 2017 (β-VAE). Every image is a deterministic function of five
// factor indices, drawn on demand (nothing is downloaded), the same in the browser and in Node. No tfjs.
//
// Factors, as in dSprites: shape ∈ {square, ellipse, heart}; scale, 6 values in [0.5, 1]; orientation, 40 values
// θ_k = 2πk/40 (dSprites' linspace(0, 2π, 40) repeats 0 = 2π; we do not); x and y position, 32 values each in [0, 1].
// 3·6·40·32·32 = 737,280 images. The square is symmetric under 90° (θ index +10), the ellipse under 180° (+20):
// orientation is not identifiable from those images, as in the original.
//
// Drawing: a pixel's value is the fraction of its ss×ss sub-pixel centres inside the shape (anti-aliasing by
// supersampling), so a shift smaller than one pixel still changes the image. Only the shape's bounding box is
// sampled. The heart is the implicit curve (x² + y² − 1)³ − x²y³ ≤ 0.

export const SHAPES = ["square", "ellipse", "heart"] as const;
export type Shape = (typeof SHAPES)[number];

/** Names and number of values of the five factors, in the order of a factor vector. */
export const FACTOR_NAMES = ["shape", "scale", "orientation", "x", "y"] as const;
export const FACTOR_SIZES = [3, 6, 40, 32, 32] as const;
/** Number of distinct factor combinations (images): 737,280. */
export const DSPRITES_COUNT = FACTOR_SIZES.reduce((a, b) => a * b, 1);

/** Factor indices of one image: [shape, scale, orientation, x, y], each an integer in [0, FACTOR_SIZES[k]). */
export type Factors = readonly [number, number, number, number, number];

/** The sprite's size unit at scale 1, in image widths: the square's half-side is 0.8·R, the ellipse's semi-axes R and R/2. */
export const SIZE_UNIT = 0.17;
/** Distance of the centre from the border at x = 0 or 1, in image widths: every shape at every angle stays inside. */
export const MARGIN = 0.2;

/** The factor values the indices stand for: scale in [0.5, 1], angle in radians, x and y of the centre in [0, 1]. */
export function factorValues(f: Factors): {shape: Shape; scale: number; angle: number; x: number; y: number} {
  checkFactors(f);
  return {shape: SHAPES[f[0]], scale: 0.5 + (0.5 * f[1]) / 5, angle: (2 * Math.PI * f[2]) / 40, x: f[3] / 31, y: f[4] / 31};
}

export function checkFactors(f: ArrayLike<number>): void {
  if (f.length !== 5) throw new Error(`invalid factors: length ${f.length}; expected 5 (${FACTOR_NAMES.join(", ")})`);
  for (let k = 0; k < 5; k++) {
    const v = f[k];
    if (!Number.isInteger(v) || v < 0 || v >= FACTOR_SIZES[k]) {
      throw new Error(`invalid ${FACTOR_NAMES[k]} index: ${v}; expected an integer in [0, ${FACTOR_SIZES[k] - 1}]`);
    }
  }
}

/** The image number (row-major over the factors, y fastest, as in dSprites' file) of factor indices `f`. */
export function factorsToIndex(f: Factors): number {
  checkFactors(f);
  let i = 0;
  for (let k = 0; k < 5; k++) i = i * FACTOR_SIZES[k] + f[k];
  return i;
}

/** The factor indices of image number `index` in [0, 737280). */
export function indexToFactors(index: number): Factors {
  if (!Number.isInteger(index) || index < 0 || index >= DSPRITES_COUNT) {
    throw new Error(`invalid image index: ${index}; expected an integer in [0, ${DSPRITES_COUNT - 1}]`);
  }
  const f = [0, 0, 0, 0, 0];
  for (let k = 4; k >= 0; k--) { f[k] = index % FACTOR_SIZES[k]; index = Math.floor(index / FACTOR_SIZES[k]); }
  return f as unknown as Factors;
}

// The heart's implicit curve spans x ∈ [−1.139, 1.139], y ∈ [−1, 1.236] (y up); centring its box moves it by 0.118.
const HEART_SHIFT = 0.118;
const HEART_SIZE = 1.18; // curve units per size unit R

/** Is the point (u, v) — in size units, already rotated into the shape's frame, v up — inside the shape? */
function inside(shape: number, u: number, v: number): boolean {
  if (shape === 0) return Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8;
  if (shape === 1) return u * u + 4 * v * v <= 1;
  const x = u * HEART_SIZE;
  const y = v * HEART_SIZE + HEART_SHIFT;
  const a = x * x + y * y - 1;
  return a * a * a - x * x * y * y * y <= 0;
}

/** Options of `renderSprite`. */
export interface RenderOptions {
  /** Image side in pixels. Default 32. */
  side?: number;
  /** Sub-pixels per pixel side for anti-aliasing (ss² samples a pixel). Default 4. */
  supersample?: number;
}

/**
 * The side×side image (row-major, values in [0, 1], 1 = ink) of factor indices `f`, written into `out` at `offset`
 * (a new array when `out` is omitted). Pixels outside the shape's bounding box are set to 0.
 */
export function renderSprite(f: Factors, options: RenderOptions = {}, out?: Float32Array, offset = 0): Float32Array {
  const {side = 32, supersample: ss = 4} = options;
  if (!Number.isInteger(side) || side < 4 || side > 256) throw new Error(`invalid side: ${side}; expected an integer in [4, 256]`);
  if (!Number.isInteger(ss) || ss < 1 || ss > 16) throw new Error(`invalid supersample: ${ss}; expected an integer in [1, 16]`);
  const {scale, angle, x, y} = factorValues(f);
  const img = out ?? new Float32Array(side * side);
  if (img.length < offset + side * side) throw new Error(`invalid out: length ${img.length}; expected ≥ ${offset + side * side}`);
  img.fill(0, offset, offset + side * side);
  const R = SIZE_UNIT * scale; // image widths per size unit
  const cx = MARGIN + x * (1 - 2 * MARGIN); // centre, image widths; y grows downwards as rows do
  const cy = MARGIN + y * (1 - 2 * MARGIN);
  const reach = 1.2 * R; // every shape lies within 1.2 R of its centre (square corner 0.8·√2 = 1.13)
  const c = Math.cos(angle), s = Math.sin(angle);
  const r0 = Math.max(0, Math.floor((cy - reach) * side)), r1 = Math.min(side - 1, Math.floor((cy + reach) * side));
  const c0 = Math.max(0, Math.floor((cx - reach) * side)), c1 = Math.min(side - 1, Math.floor((cx + reach) * side));
  const w = 1 / (ss * ss);
  for (let r = r0; r <= r1; r++) {
    for (let col = c0; col <= c1; col++) {
      let hits = 0;
      for (let i = 0; i < ss; i++) {
        const py = (r + (i + 0.5) / ss) / side - cy; // image widths from the centre, down
        for (let j = 0; j < ss; j++) {
          const px = (col + (j + 0.5) / ss) / side - cx;
          // Rotate the point by −θ (the shape by +θ, anticlockwise on screen); v points up.
          const u = (c * px - s * py) / R;
          const v = (-s * px - c * py) / R;
          if (inside(f[0], u, v)) hits++;
        }
      }
      img[offset + r * side + col] = hits * w;
    }
  }
  return img;
}

/** Images of many factor vectors, one flat [n · side²] array. */
export function renderBatch(factors: readonly Factors[], options: RenderOptions = {}): Float32Array {
  const side = options.side ?? 32;
  const out = new Float32Array(factors.length * side * side);
  factors.forEach((f, i) => renderSprite(f, options, out, i * side * side));
  return out;
}

/**
 * `n` factor vectors drawn uniformly (each factor independently) from `uniform`, a source of numbers in [0, 1).
 * With `vary` (factor numbers, e.g. [3, 4] for x and y), only those factors are drawn, one uniform each, and the
 * others are copied from `fixed`.
 */
export function sampleFactors(n: number, uniform: () => number, vary?: readonly number[], fixed?: Factors): Factors[] {
  if (vary && !fixed) throw new Error("sampleFactors: `vary` needs `fixed`, the values of the other factors");
  if (fixed) checkFactors(fixed);
  return Array.from({length: n}, () => FACTOR_SIZES.map((size, k) => (!vary || vary.includes(k) ? Math.floor(uniform() * size) : fixed![k])) as unknown as Factors);
}
