import {describe, expect, it} from "vitest";
import {bceWithLogits, gaussianLogDensity, klDiagGaussians, klStandardNormal} from "../../src/math/gaussian.js";

const TOL = 1e-6;

/** 1-d normal density N(z; mu, e^logVar), written out directly. */
function normalPdf(z: number, mu: number, logVar: number): number {
  const v = Math.exp(logVar);
  return Math.exp(-((z - mu) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
}

/** ∫ q log(q/p) dz by the trapezoid rule on a fine grid covering ±14 standard deviations of both densities. */
function klByIntegration(mu1: number, lv1: number, mu2: number, lv2: number): number {
  const s1 = Math.exp(0.5 * lv1), s2 = Math.exp(0.5 * lv2);
  const lo = Math.min(mu1 - 14 * s1, mu2 - 14 * s2), hi = Math.max(mu1 + 14 * s1, mu2 + 14 * s2);
  const n = 200_000, h = (hi - lo) / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const z = lo + i * h;
    const q = normalPdf(z, mu1, lv1);
    // log(q/p) from the log-densities, so the integrand stays finite in the tails where q underflows.
    const logRatio = (-((z - mu1) ** 2) / (2 * s1 * s1) - lv1 / 2) - (-((z - mu2) ** 2) / (2 * s2 * s2) - lv2 / 2);
    sum += (i === 0 || i === n ? 0.5 : 1) * q * logRatio;
  }
  return sum * h;
}

describe("klStandardNormal", () => {
  it("klStandardNormal(mu, logVar) is 0 at the prior", () => {
    for (const v of klStandardNormal([0, 0, 0], [0, 0, 0])) expect(v).toBe(0);
  });

  it("klStandardNormal(mu, logVar) matches known values", () => {
    const [a, b, c] = klStandardNormal([1, 0, -2], [0, Math.log(2), Math.log(0.5)]);
    expect(a).toBeCloseTo(0.5, 12); // ½μ² with σ = 1
    expect(b).toBeCloseTo(0.5 * (1 - Math.log(2)), 12); // ½(2 − 1 − ln 2) = 0.153426…
    expect(c).toBeCloseTo(0.5 * (4 + 0.5 - 1 - Math.log(0.5)), 12);
  });

  it("klStandardNormal(mu, logVar) is positive away from the prior", () => {
    for (const v of klStandardNormal([0.1, 0, -3, 0], [0, 0.2, 1, -4])) expect(v).toBeGreaterThan(0);
  });

  it("klStandardNormal(mu, logVar) equals klDiagGaussians(mu, logVar, 0, 0)", () => {
    const mu = [0.3, -1.7, 2.2, 0], lv = [-0.5, 1.3, 0, -3];
    const a = klStandardNormal(mu, lv), b = klDiagGaussians(mu, lv, [0, 0, 0, 0], [0, 0, 0, 0]);
    for (let i = 0; i < mu.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(TOL);
  });

  it("klStandardNormal(mu, logVar) matches numerical integration of ∫q log(q/p)", () => {
    for (const [mu, lv] of [[0.7, -0.4], [-2, 1.1], [0, -2.5], [1.5, 0]]) {
      const [kl] = klStandardNormal([mu], [lv]);
      expect(Math.abs(kl - klByIntegration(mu, lv, 0, 0))).toBeLessThan(TOL);
    }
  });

  it("klStandardNormal(mu, logVar) rejects arrays of different lengths", () => {
    expect(() => klStandardNormal([0, 0], [0])).toThrow(/length mismatch/);
  });
});

describe("klDiagGaussians", () => {
  it("klDiagGaussians(mu1, logVar1, mu2, logVar2) is 0 for identical Gaussians", () => {
    for (const v of klDiagGaussians([0.5, -1], [0.3, -2], [0.5, -1], [0.3, -2])) expect(Math.abs(v)).toBeLessThan(1e-15);
  });

  it("klDiagGaussians(mu1, logVar1, mu2, logVar2) matches a known value", () => {
    // KL(N(0, 1) ‖ N(0, 4)) = ½(ln 4 + 1/4 − 1)
    const [v] = klDiagGaussians([0], [0], [0], [Math.log(4)]);
    expect(Math.abs(v - 0.5 * (Math.log(4) - 0.75))).toBeLessThan(TOL);
  });

  it("klDiagGaussians(mu1, logVar1, mu2, logVar2) matches numerical integration", () => {
    for (const [m1, l1, m2, l2] of [[0.3, -0.2, -0.5, 0.4], [2, 1, 1, 1.5], [0, -1.5, 0.2, -0.8]]) {
      const [kl] = klDiagGaussians([m1], [l1], [m2], [l2]);
      expect(Math.abs(kl - klByIntegration(m1, l1, m2, l2))).toBeLessThan(TOL);
    }
  });
});

describe("gaussianLogDensity", () => {
  it("gaussianLogDensity(x, mu, logVar) matches the 1-d formula", () => {
    for (const [x, mu, lv] of [[0, 0, 0], [1.3, -0.4, 0.7], [-2, 1, -1.2]]) {
      expect(Math.abs(gaussianLogDensity([x], [mu], [lv]) - Math.log(normalPdf(x, mu, lv)))).toBeLessThan(TOL);
    }
    expect(gaussianLogDensity([0], [0], [0])).toBeCloseTo(-0.5 * Math.log(2 * Math.PI), 12);
  });

  it("gaussianLogDensity(x, mu, logVar) sums the 1-d log-densities over dimensions", () => {
    const x = [0.2, -1, 3], mu = [0, 0.5, 2], lv = [0.1, -0.3, 1];
    const expected = x.reduce((s, xi, i) => s + Math.log(normalPdf(xi, mu[i], lv[i])), 0);
    expect(Math.abs(gaussianLogDensity(x, mu, lv) - expected)).toBeLessThan(TOL);
  });
});

describe("bceWithLogits", () => {
  const direct = (x: number[], l: number[]) =>
    x.reduce((s, xi, i) => {
      const p = 1 / (1 + Math.exp(-l[i]));
      return s - (xi * Math.log(p) + (1 - xi) * Math.log(1 - p));
    }, 0);

  it("bceWithLogits(x, logits) matches −[x log σ(l) + (1 − x) log(1 − σ(l))] at moderate logits", () => {
    const x = [0, 1, 0.25, 0.9, 0.5, 0], l = [-3, 2.5, 0, -0.7, 8, 5];
    expect(Math.abs(bceWithLogits(x, l) - direct(x, l))).toBeLessThan(TOL);
  });

  it("bceWithLogits(x, logits) is ln 2 per pixel at logit 0", () => {
    expect(bceWithLogits([0, 1, 0.3], [0, 0, 0])).toBeCloseTo(3 * Math.LN2, 12);
  });

  it("bceWithLogits(x, logits) stays finite at |l| = 100", () => {
    // The direct formula gives log(0) = −∞ here; the stable form gives the exact limits.
    expect(bceWithLogits([1], [100])).toBeCloseTo(0, 12);
    expect(bceWithLogits([0], [-100])).toBeCloseTo(0, 12);
    expect(bceWithLogits([0], [100])).toBeCloseTo(100, 10);
    expect(bceWithLogits([1], [-100])).toBeCloseTo(100, 10);
    expect(Number.isFinite(bceWithLogits([0.5, 0.5], [100, -100]))).toBe(true);
  });
});
