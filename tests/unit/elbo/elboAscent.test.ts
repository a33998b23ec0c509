// The ELBO by quadrature for any 1-d model, its gradient, and the ascent behind "Fit q".
import {describe, expect, test} from "vitest";
import {ascentStep, elboByQuadrature, elboGradientByQuadrature, fitGaussian} from "../../../src/math/elboAscent.js";
import {decoderModel, decoders} from "../../../src/math/latentModel.js";
import {elboGradient, elboParts, gap, linearGaussianModel, posterior} from "../../../src/math/linearGaussian.js";

const cases = [
  {x: 1.5, p: {w: 1, s: 0.7}, q: {mean: 0, variance: 1}},
  {x: 2, p: {w: 1.5, s: 0.8}, q: {mean: -0.5, variance: 1}},
  {x: -2.7, p: {w: -2.5, s: 0.3}, q: {mean: 1.2, variance: 0.01}},
  {x: 0.4, p: {w: 0, s: 1.3}, q: {mean: 0.3, variance: 3.5}},
  {x: 3, p: {w: 3, s: 0.3}, q: {mean: -6, variance: 4}}
];

describe("elboAscent", () => {
  test("elboByQuadrature(linear model, q) equals the closed form (8) to 1e-6", () => {
    for (const {x, p, q} of cases) {
      const a = elboByQuadrature(linearGaussianModel(x, p), q), b = elboParts(x, p, q);
      expect(Math.abs(a.elbo - b.elbo)).toBeLessThan(1e-6);
      expect(Math.abs(a.recon - b.recon)).toBeLessThan(1e-6);
      expect(Math.abs(a.kl - b.kl)).toBeLessThan(1e-12);
    }
  });

  test("elboGradientByQuadrature(linear model, q) equals the closed-form gradient", () => {
    for (const {x, p, q} of cases) {
      const a = elboGradientByQuadrature(linearGaussianModel(x, p), q), b = elboGradient(x, p, q);
      expect(Math.abs(a.dMean - b.dMean)).toBeLessThan(1e-6 * (1 + Math.abs(b.dMean)));
      expect(Math.abs(a.dLogVar - b.dLogVar)).toBeLessThan(1e-6 * (1 + Math.abs(b.dLogVar)));
    }
  });

  test("elboGradientByQuadrature(non-linear model, q) matches finite differences", () => {
    const h = 1e-5;
    for (const name of ["square", "tanh"] as const) {
      const model = decoderModel(decoders[name], 1.7, 0.4);
      for (const q of [{mean: 0.5, variance: 0.2}, {mean: -1.2, variance: 0.05}]) {
        const g = elboGradientByQuadrature(model, q);
        const f = (m: number, lv: number) => elboByQuadrature(model, {mean: m, variance: Math.exp(lv)}).elbo;
        const lv = Math.log(q.variance);
        expect(Math.abs(g.dMean - (f(q.mean + h, lv) - f(q.mean - h, lv)) / (2 * h))).toBeLessThan(1e-5 * (1 + Math.abs(g.dMean)));
        expect(Math.abs(g.dLogVar - (f(q.mean, lv + h) - f(q.mean, lv - h)) / (2 * h))).toBeLessThan(1e-5 * (1 + Math.abs(g.dLogVar)));
      }
    }
  });

  test("fitGaussian(linear model, q0) converges to the exact posterior (7): gap < 1e-9", () => {
    for (const {x, p, q} of cases) {
      const fit = fitGaussian(linearGaussianModel(x, p), q);
      const post = posterior(x, p);
      expect(fit.converged).toBe(true);
      expect(Math.abs(fit.q.mean - post.mean)).toBeLessThan(1e-4);
      expect(Math.abs(fit.q.variance / post.variance - 1)).toBeLessThan(1e-4);
      expect(gap(x, p, fit.q)).toBeLessThan(1e-9);
    }
  });

  test("fitGaussian(model, q0).trace never goes down (backtracking)", () => {
    for (const model of [linearGaussianModel(1.5, {w: 1, s: 0.7}), decoderModel(decoders.square, 2, 0.5), decoderModel(decoders.tanh, 1.8, 0.2)]) {
      const {trace} = fitGaussian(model, {mean: 0.5, variance: 4});
      for (let i = 1; i < trace.length; i++) expect(trace[i]).toBeGreaterThanOrEqual(trace[i - 1]);
    }
  });

  test("fitGaussian(linear model from the chapter's start) takes about 130 steps, as the chapter says", () => {
    const fit = fitGaussian(linearGaussianModel(1.5, {w: 1, s: 0.7}), {mean: 0, variance: 1});
    expect(fit.steps).toBeGreaterThan(100);
    expect(fit.steps).toBeLessThan(160);
  });

  test("ascentStep(model, posterior) reports convergence and leaves q unchanged", () => {
    const post = posterior(1.5, {w: 1, s: 0.7});
    const s = ascentStep(linearGaussianModel(1.5, {w: 1, s: 0.7}), post);
    expect(s.converged).toBe(true);
    expect(s.q).toBe(post);
    expect(() => ascentStep(linearGaussianModel(1, {w: 1, s: 1}), post, {lr: 2})).toThrow("invalid lr: 2; expected a number in (0, 1]");
  });
});
