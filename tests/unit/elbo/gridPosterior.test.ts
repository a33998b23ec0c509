// The posterior on a grid: on the linear model it must reproduce the closed forms.
import {describe, expect, test} from "vitest";
import {gridPosterior, klToGrid} from "../../../src/math/gridPosterior.js";
import {decoderModel, decoders} from "../../../src/math/latentModel.js";
import {gap, linearGaussianModel, logEvidence, posterior} from "../../../src/math/linearGaussian.js";

const cases = [
  {x: 1.5, p: {w: 1, s: 0.7}},
  {x: -2.7, p: {w: -2.5, s: 0.3}},
  {x: 3, p: {w: 0.6, s: 0.3}},
  {x: 0.4, p: {w: 0, s: 1.3}}
];

describe("gridPosterior", () => {
  test("gridPosterior(linear model).logEvidence equals the closed form (6) to 1e-6", () => {
    for (const {x, p} of cases) {
      expect(Math.abs(gridPosterior(linearGaussianModel(x, p)).logEvidence - logEvidence(x, p))).toBeLessThan(1e-6);
    }
  });

  test("gridPosterior(linear model) has the posterior (7)'s mean, variance and single mode", () => {
    for (const {x, p} of cases) {
      const g = gridPosterior(linearGaussianModel(x, p)), post = posterior(x, p);
      expect(Math.abs(g.mean - post.mean)).toBeLessThan(1e-6);
      expect(Math.abs(g.variance - post.variance)).toBeLessThan(1e-6);
      expect(g.modes).toHaveLength(1);
      expect(Math.abs(g.modes[0] - post.mean)).toBeLessThanOrEqual(g.dz / 2 + 1e-12);
      expect(Math.abs(g.logDensityAt(0.3) - (-0.5 * (Math.log(2 * Math.PI * post.variance) + (0.3 - post.mean) ** 2 / post.variance)))).toBeLessThan(1e-6);
    }
  });

  test("klToGrid(q, gridPosterior(linear model)) equals the closed-form gap (9)", () => {
    for (const {x, p} of cases) {
      const g = gridPosterior(linearGaussianModel(x, p));
      for (const q of [{mean: 0, variance: 1}, {mean: 1, variance: 0.05}, {mean: -1.5, variance: 1}]) {
        expect(Math.abs(klToGrid(q, g) - gap(x, p, q))).toBeLessThan(1e-6);
      }
    }
  });

  test("klToGrid(q reaching past the grid) refuses rather than truncate", () => {
    const g = gridPosterior(linearGaussianModel(1.5, {w: 1, s: 0.7}));
    expect(() => klToGrid({mean: -2, variance: 2}, g)).toThrow("reaches past the grid [-10, 10]");
  });

  test("gridPosterior(z² decoder, x = 2) has two mirror-image modes near ±√2", () => {
    const g = gridPosterior(decoderModel(decoders.square, 2, 0.5));
    expect(g.modes).toHaveLength(2);
    expect(Math.abs(g.modes[0] + g.modes[1])).toBeLessThan(1e-9);
    expect(Math.abs(g.modes[1] - 1.37)).toBeLessThan(0.01);
    expect(Math.abs(g.mean)).toBeLessThan(1e-9);
  });

  test("gridPosterior(model, a grid too narrow) refuses", () => {
    expect(() => gridPosterior(linearGaussianModel(3, {w: 0.6, s: 0.3}), {lo: -1, hi: 1})).toThrow("not negligible at the grid's ends");
    expect(() => gridPosterior(linearGaussianModel(1, {w: 1, s: 1}), {n: 2})).toThrow("invalid n: 2");
  });
});
