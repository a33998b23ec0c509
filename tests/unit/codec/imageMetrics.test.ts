import {describe, expect, it} from "vitest";
import {gradientEnergy, imageQuality, mse, psnr, sharpness, ssim, ssimMap, ssimWindow} from "../../../src/math/imageMetrics.js";
import {Rng} from "../../../src/math/rng.js";

const C1 = 0.01 ** 2, C2 = 0.03 ** 2;

/** SSIM of one window with weights `w` (summing to 1), straight from Wang et al. (2004), eq. 13. */
function windowSsim(x: number[], y: number[], w: number[]): number {
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + w[i] * v * b[i], 0);
  const one = x.map(() => 1);
  const mx = dot(x, one), my = dot(y, one);
  const vx = dot(x.map((v) => v - mx), x.map((v) => v - mx)), vy = dot(y.map((v) => v - my), y.map((v) => v - my));
  const cxy = dot(x.map((v) => v - mx), y.map((v) => v - my));
  return ((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
}

/** Mean SSIM by brute force: every valid window, a 2-D weight table built directly, no separable filtering. */
function bruteSsim(a: ArrayLike<number>, b: ArrayLike<number>, W: number, H: number, size: number, gaussian: boolean): number {
  const r = (size - 1) / 2;
  const raw = Array.from({length: size * size}, (_, k) => {
    const i = Math.floor(k / size), j = k % size;
    return gaussian ? Math.exp(-((i - r) ** 2 + (j - r) ** 2) / (2 * 1.5 * 1.5)) : 1;
  });
  const total = raw.reduce((s, v) => s + v, 0), w = raw.map((v) => v / total);
  let sum = 0, count = 0;
  for (let y0 = 0; y0 + size <= H; y0++) {
    for (let x0 = 0; x0 + size <= W; x0++) {
      const pick = (img: ArrayLike<number>) => Array.from({length: size * size}, (_, k) => img[(y0 + Math.floor(k / size)) * W + x0 + (k % size)]);
      sum += windowSsim(pick(a), pick(b), w); count++;
    }
  }
  return sum / count;
}

const rng = new Rng(3, "images");
/** A smooth 32×32 test image in [0.1, 0.9] (a blurred blob plus texture), like a digit's strokes. */
const img = Float32Array.from({length: 1024}, (_, i) => {
  const r = Math.floor(i / 32), c = i % 32;
  return 0.5 + 0.3 * Math.exp(-((r - 14) ** 2 + (c - 17) ** 2) / 60) * Math.sin(c / 3) + 0.1 * Math.cos(r / 4);
});

describe("psnr", () => {
  it("psnr(a, a) is +∞ and mse(a, a) is 0", () => {
    expect(psnr(img, img)).toBe(Infinity);
    expect(mse(img, img)).toBe(0);
  });

  it("psnr(a, a + δ) = −10 log10(δ²): 20 dB at δ = 0.1, 40 dB at δ = 0.01", () => {
    for (const d of [0.1, 0.05, 0.01]) {
      const shifted = Array.from(img, (v) => v + d);
      expect(psnr(img, shifted)).toBeCloseTo(-10 * Math.log10(d * d), 4); // float32 pixels: ~1e-6 relative
    }
    expect(psnr([0, 0], [0.1, -0.1])).toBeCloseTo(20, 12);
    expect(psnr([0, 0], [25.5, 25.5], 255)).toBeCloseTo(20, 12); // data range 255: δ/L = 0.1
  });

  it("psnr(a, b) rejects mismatched lengths and a bad data range", () => {
    expect(() => psnr([1, 2], [1])).toThrow("mse: length mismatch (2 vs 1)");
    expect(() => psnr([1], [1], 0)).toThrow("invalid dataRange: 0");
  });
});

describe("ssim", () => {
  it("ssim(a, b) with a 2×2 uniform window on 2×2 images is the hand-computed 0.0009/0.5009 and 0.6001/0.6101", () => {
    // a = [0 0; 1 1], b = [0 1; 0 1]: μ = ½ each, σa² = σb² = ¼, σab = ¼ − ¼ = 0 ⇒ (½ + C1)(C2) / ((½ + C1)(½ + C2))
    expect(ssim([0, 0, 1, 1], [0, 1, 0, 1], 2, 2, {window: "uniform", size: 2})).toBeCloseTo(0.0009 / 0.5009, 14);
    // b = a + 0.1: the structure term is 1, the luminance term (2·½·0.6 + C1) / (¼ + 0.36 + C1)
    expect(ssim([0, 0, 1, 1], [0.1, 0.1, 1.1, 1.1], 2, 2, {window: "uniform", size: 2})).toBeCloseTo(0.6001 / 0.6101, 14);
  });

  it("ssim(a, b) on a 3×2 image averages the SSIM of its two valid 2×2 windows", () => {
    const a = [0, 0, 1, 1, 1, 1], b = [0, 1, 0, 1, 0, 1];
    const left = windowSsim([0, 0, 1, 1], [0, 1, 1, 0], [0.25, 0.25, 0.25, 0.25]);
    const right = windowSsim([0, 1, 1, 1], [1, 0, 0, 1], [0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(ssimMap(a, b, 3, 2, {window: "uniform", size: 2}))).toEqual([left, right].map((v) => expect.closeTo(v, 14)));
    expect(ssim(a, b, 3, 2, {window: "uniform", size: 2})).toBeCloseTo((left + right) / 2, 14);
  });

  it("ssim(a, b) equals a brute-force valid-window mean, Gaussian 11×11 σ 1.5 and uniform 7×7", () => {
    const a = rng.uniforms(20 * 16), b = Float32Array.from(a, (v) => v * 0.7 + 0.2 * rng.uniform());
    expect(ssim(a, b, 20, 16)).toBeCloseTo(bruteSsim(a, b, 20, 16, 11, true), 12);
    expect(ssim(a, b, 20, 16, {window: "uniform", size: 7})).toBeCloseTo(bruteSsim(a, b, 20, 16, 7, false), 12);
    expect(ssimMap(a, b, 20, 16).length).toBe(10 * 6); // (20 − 11 + 1)·(16 − 11 + 1) valid windows
  });

  it("ssim(a, a) is 1; ssim is symmetric and at most 1", () => {
    expect(ssim(img, img, 32, 32)).toBeCloseTo(1, 14);
    for (let t = 0; t < 5; t++) {
      const b = Float32Array.from(img, (v) => v + 0.2 * rng.normal());
      const s = ssim(img, b, 32, 32);
      expect(ssim(b, img, 32, 32)).toBeCloseTo(s, 14);
      expect(s).toBeLessThanOrEqual(1);
      expect(ssimMap(img, b, 32, 32).every((v) => v <= 1)).toBe(true);
    }
  });

  it("ssim(a, noisy) is lower than ssim(a, a + δ) at the same MSE, where PSNR cannot tell them apart", () => {
    const d = 0.05;
    const offset = Float32Array.from(img, (v) => v + d);
    const eps = rng.normals(1024), rms = Math.sqrt(eps.reduce((s, v) => s + v * v, 0) / eps.length);
    const noisy = Float32Array.from(img, (v, i) => v + (d * eps[i]) / rms); // noise with MSE exactly δ²
    expect(psnr(img, noisy)).toBeCloseTo(psnr(img, offset), 3);
    const [sOffset, sNoise] = [ssim(img, offset, 32, 32), ssim(img, noisy, 32, 32)];
    expect(sOffset).toBeGreaterThan(0.95);
    expect(sNoise).toBeLessThan(sOffset - 0.3);
  });

  it("ssimWindow(11, gaussian, 1.5) sums to 1, is symmetric and peaks in the middle", () => {
    const g = ssimWindow(11, "gaussian", 1.5);
    expect(g.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 15);
    g.forEach((v, k) => expect(v).toBeCloseTo(g[10 - k], 15));
    expect(g[5] / g[4]).toBeCloseTo(Math.exp(1 / 4.5), 12);
  });

  it("ssim(a, b, width, height) rejects bad sizes and options with a message naming the value", () => {
    expect(() => ssim(img, img, 16, 32)).toThrow("invalid image size: 16×32; expected positive integers with width·height = 1024");
    expect(() => ssim([1, 2, 3, 4], [1, 2, 3, 4], 2, 2)).toThrow("invalid size: 11; expected an integer window in [1, 2] for a 2×2 image");
    expect(() => ssim(img, img, 32, 32, {sigma: 0})).toThrow("invalid sigma: 0");
    expect(() => ssim(img, img, 32, 32, {window: "box" as "uniform"})).toThrow('invalid window: box; expected "gaussian" or "uniform"');
    expect(() => ssim([1], [1, 2], 1, 1)).toThrow("ssim: length mismatch (1 vs 2)");
  });
});

describe("imageQuality", () => {
  it("imageQuality(a, b, n, w, h) averages PSNR and SSIM over the images", () => {
    const b1 = Float32Array.from(img, (v) => v + 0.1), b2 = Float32Array.from(img, (v) => v + 0.01);
    const a = new Float32Array(2048), b = new Float32Array(2048);
    a.set(img); a.set(img, 1024); b.set(b1); b.set(b2, 1024);
    const q = imageQuality(a, b, 2, 32, 32);
    expect(q.psnr).toBeCloseTo((psnr(img, b1) + psnr(img, b2)) / 2, 10);
    expect(q.ssim).toBeCloseTo((ssim(img, b1, 32, 32) + ssim(img, b2, 32, 32)) / 2, 12);
    expect(() => imageQuality(a, b, 3, 32, 32)).toThrow("invalid n: 3");
  });
});

describe("sharpness", () => {
  it("gradientEnergy(a, w, h) of a 2×2 checkerboard is 1 and of a constant 0; it scales by k²", () => {
    expect(gradientEnergy([0, 1, 1, 0], 2, 2)).toBe(1); // 2 horizontal + 2 vertical differences of 1, over 4 pixels
    expect(gradientEnergy([0.3, 0.3, 0.3, 0.3, 0.3, 0.3], 3, 2)).toBe(0);
    expect(gradientEnergy(Float64Array.from(img, (v) => 3 * v), 32, 32)).toBeCloseTo(9 * gradientEnergy(img, 32, 32), 12);
    expect(gradientEnergy([0, 1, 3], 3, 1)).toBeCloseTo((1 + 4) / 3, 15);
    expect(() => gradientEnergy([1, 2], 3, 1)).toThrow("invalid image size: 3×1");
  });

  it("sharpness(original, reconstruction) is 1 for a copy and below 1 for a box blur", () => {
    expect(sharpness(img, img, 1, 32, 32)).toBe(1);
    const blur = Float32Array.from(img, (_, i) => {
      const r = Math.floor(i / 32), c = i % 32;
      let s = 0, k = 0;
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr, cc = c + dc;
        if (rr >= 0 && rr < 32 && cc >= 0 && cc < 32) { s += img[rr * 32 + cc]; k++; }
      }
      return s / k;
    });
    expect(sharpness(img, blur, 1, 32, 32)).toBeLessThan(0.9);
    const noisy = Float32Array.from(img, (v) => v + 0.1 * rng.normal());
    expect(sharpness(img, noisy, 1, 32, 32)).toBeGreaterThan(1); // noise adds edges
    expect(() => sharpness(new Float32Array(1024), img, 1, 32, 32)).toThrow("sharpness: the originals are constant");
    expect(() => sharpness(img, img, 2, 32, 32)).toThrow("invalid n: 2");
  });
});
