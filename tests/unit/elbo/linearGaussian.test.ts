// The linear-Gaussian model of the chapter "The ELBO": its closed forms (6)–(9) against the formulas, hand-computed
// values, the course's Gaussian oracles (src/math/gaussian.ts), Bayes' rule and a seeded Monte Carlo ELBO.
import {describe, expect, test} from "vitest";
import {gaussianLogDensity, klDiagGaussians, klStandardNormal} from "../../../src/math/gaussian.js";
import {logJoint, logNormal} from "../../../src/math/latentModel.js";
import {elboGradient, elboParts, gap, klNormal, linearGaussianModel, logEvidence, posterior} from "../../../src/math/linearGaussian.js";
import {Rng} from "../../../src/math/rng.js";

/** A spread of models and q's, including w = 0, negative w and x, narrow and wide q. */
const cases = [
  {x: 1.5, p: {w: 1, s: 0.7}, q: {mean: 0, variance: 1}},
  {x: 2, p: {w: 1.5, s: 0.8}, q: {mean: -0.5, variance: 1}},
  {x: -2.7, p: {w: -2.5, s: 0.3}, q: {mean: 1.2, variance: 0.01}},
  {x: 0.4, p: {w: 0, s: 1.3}, q: {mean: 0.3, variance: 3.5}},
  {x: 3, p: {w: 0.3, s: 2.9}, q: {mean: -4, variance: 0.002}}
];

describe("linearGaussian closed forms", () => {
  test("logEvidence(1, {w: 1, s: 1}) = −½(log 4π + ½) = −1.515512…", () => {
    expect(logEvidence(1, {w: 1, s: 1})).toBeCloseTo(-1.5155121234846454, 12);
  });

  test("logEvidence(x, p) = log N(x; 0, w² + s²) as gaussianLogDensity computes it", () => {
    for (const {x, p} of cases) {
      expect(Math.abs(logEvidence(x, p) - gaussianLogDensity([x], [0], [Math.log(p.w * p.w + p.s * p.s)]))).toBeLessThan(1e-6);
    }
    expect(logEvidence(2, {w: 1.5, s: 0.8})).toBeCloseTo(-2.141608306758193, 9);
  });

  test("posterior(x, p) = N(wx/(w²+s²), s²/(w²+s²))", () => {
    expect(posterior(1, {w: 1, s: 1})).toEqual({mean: 0.5, variance: 0.5});
    const q = posterior(2, {w: 1.5, s: 0.8});
    expect(Math.abs(q.mean - 1.0380622837370241)).toBeLessThan(1e-6);
    expect(Math.abs(q.variance - 0.22145328719723187)).toBeLessThan(1e-6);
  });

  test("posterior(x, p) is Bayes' rule: log p(z) + log p(x | z) − log p(x) = log N(z; posterior) at every z", () => {
    for (const {x, p} of cases) {
      const post = posterior(x, p), lp = logEvidence(x, p), model = linearGaussianModel(x, p);
      for (const z of [-3, -1.1, 0, 0.37, 2.5]) {
        expect(Math.abs(logJoint(model, z) - lp - logNormal(z, post.mean, post.variance))).toBeLessThan(1e-6);
      }
    }
  });

  test("elboParts(1, {w: 1, s: 1}, N(0, 1)) = −½ log 2π − 1, with KL 0", () => {
    const e = elboParts(1, {w: 1, s: 1}, {mean: 0, variance: 1});
    expect(Math.abs(e.recon - -1.9189385332046727)).toBeLessThan(1e-6);
    expect(e.kl).toBe(0);
    expect(Math.abs(e.elbo - -1.9189385332046727)).toBeLessThan(1e-6);
  });

  test("elboParts(x, p, q): recon = −½ log(2πs²) − ((x − wm)² + w²v)/(2s²), kl = klStandardNormal", () => {
    for (const {x, p, q} of cases) {
      const e = elboParts(x, p, q);
      const recon = -0.5 * Math.log(2 * Math.PI * p.s * p.s) - ((x - p.w * q.mean) ** 2 + p.w * p.w * q.variance) / (2 * p.s * p.s);
      expect(Math.abs(e.recon - recon)).toBeLessThan(1e-6);
      expect(Math.abs(e.kl - klStandardNormal([q.mean], [Math.log(q.variance)])[0])).toBeLessThan(1e-6);
      expect(Math.abs(e.elbo - (e.recon - e.kl))).toBeLessThan(1e-12);
    }
    expect(elboParts(2, {w: 1.5, s: 0.8}, {mean: -0.5, variance: 1}).elbo).toBeCloseTo(-8.486810606890462, 9);
  });

  test("gap(x, p, q) = KL(q ‖ posterior) as klDiagGaussians computes it", () => {
    expect(Math.abs(gap(1, {w: 1, s: 1}, {mean: 0, variance: 1}) - 0.4034264097200273)).toBeLessThan(1e-6);
    for (const {x, p, q} of cases) {
      const post = posterior(x, p);
      const kl = klDiagGaussians([q.mean], [Math.log(q.variance)], [post.mean], [Math.log(post.variance)])[0];
      expect(Math.abs(gap(x, p, q) - kl)).toBeLessThan(1e-6);
      expect(klNormal(q, post)).toBe(gap(x, p, q));
    }
  });

  test("elboParts(x, p, q).elbo + gap(x, p, q) = logEvidence(x, p), identity (5)", () => {
    for (const {x, p, q} of cases) {
      expect(Math.abs(elboParts(x, p, q).elbo + gap(x, p, q) - logEvidence(x, p))).toBeLessThan(1e-6);
    }
    // And on a seeded random sweep of 500 settings.
    const rng = new Rng(7, "sweep");
    for (let i = 0; i < 500; i++) {
      const x = rng.uniform() * 6 - 3, p = {w: rng.uniform() * 6 - 3, s: 0.3 + rng.uniform() * 2.7};
      const q = {mean: rng.uniform() * 12 - 6, variance: Math.exp(rng.uniform() * 8.3 - 6.9)};
      expect(Math.abs(elboParts(x, p, q).elbo + gap(x, p, q) - logEvidence(x, p))).toBeLessThan(1e-6);
    }
  });

  test("gap(x, p, posterior(x, p)) = 0: the bound is tight at the posterior", () => {
    for (const {x, p} of cases) {
      expect(Math.abs(gap(x, p, posterior(x, p)))).toBeLessThan(1e-12);
      expect(Math.abs(elboParts(x, p, posterior(x, p)).elbo - logEvidence(x, p))).toBeLessThan(1e-9);
    }
  });

  test("elboParts(x, p, q).elbo agrees with a seeded Monte Carlo E_q[log p(x, z) − log q(z)] within 4 standard errors", () => {
    for (const {x, p, q} of cases) {
      const rng = new Rng(1, "mc-elbo"), model = linearGaussianModel(x, p), n = 200_000;
      let sum = 0, sum2 = 0;
      for (let i = 0; i < n; i++) {
        const z = q.mean + Math.sqrt(q.variance) * rng.normal();
        const f = logJoint(model, z) - logNormal(z, q.mean, q.variance);
        sum += f;
        sum2 += f * f;
      }
      const mean = sum / n, se = Math.sqrt((sum2 / n - mean * mean) / n);
      expect(Math.abs(mean - elboParts(x, p, q).elbo)).toBeLessThan(4 * se + 1e-9);
    }
  });

  test("elboGradient(x, p, q) matches central finite differences of elboParts in (m, log v)", () => {
    const h = 1e-5;
    for (const {x, p, q} of cases) {
      const g = elboGradient(x, p, q);
      const f = (m: number, lv: number) => elboParts(x, p, {mean: m, variance: Math.exp(lv)}).elbo;
      const lv = Math.log(q.variance);
      const scale = 1 + Math.abs(g.dMean) + Math.abs(g.dLogVar);
      expect(Math.abs(g.dMean - (f(q.mean + h, lv) - f(q.mean - h, lv)) / (2 * h)) / scale).toBeLessThan(1e-6);
      expect(Math.abs(g.dLogVar - (f(q.mean, lv + h) - f(q.mean, lv - h)) / (2 * h)) / scale).toBeLessThan(1e-6);
    }
  });

  test("elboGradient(x, p, posterior(x, p)) = 0", () => {
    for (const {x, p} of cases) {
      const g = elboGradient(x, p, posterior(x, p));
      expect(Math.abs(g.dMean)).toBeLessThan(1e-9);
      expect(Math.abs(g.dLogVar)).toBeLessThan(1e-9);
    }
  });

  test("bad parameters name the value", () => {
    expect(() => logEvidence(1, {w: 1, s: 0})).toThrow("invalid s: 0; expected a number > 0");
    expect(() => posterior(NaN, {w: 1, s: 1})).toThrow("invalid x: NaN; expected a finite number");
    expect(() => elboParts(1, {w: 1, s: 1}, {mean: 0, variance: -1})).toThrow("invalid q.variance: -1; expected a number > 0");
  });
});
