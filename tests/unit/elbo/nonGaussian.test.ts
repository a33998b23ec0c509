// The chapter's non-Gaussian case: with a non-linear decoder the best Gaussian q leaves a gap, and the numbers the
// chapter quotes are these.
import {describe, expect, test} from "vitest";
import {fitGaussian} from "../../../src/math/elboAscent.js";
import {gridPosterior, klToGrid} from "../../../src/math/gridPosterior.js";
import {decoderModel, decoders} from "../../../src/math/latentModel.js";

/** Fits q from q0 and returns the remaining gap log p(x) − ELBO, and the KL on the grid. */
function fittedGap(decoder: keyof typeof decoders, x: number, s: number, q0: {mean: number; variance: number}) {
  const model = decoderModel(decoders[decoder], x, s);
  const g = gridPosterior(model);
  const fit = fitGaussian(model, q0);
  return {gap: g.logEvidence - fit.parts.elbo, kl: klToGrid(fit.q, g), fit};
}

describe("the non-Gaussian posterior", () => {
  test("z², x = 2, s = 0.5 from q = N(0.5, 0.2): the fitted q sits on one mode and leaves 0.712 nats", () => {
    const {gap, kl, fit} = fittedGap("square", 2, 0.5, {mean: 0.5, variance: 0.2});
    expect(fit.converged).toBe(true);
    expect(gap).toBeGreaterThan(Math.log(2)); // a positive gap that no Gaussian closes
    expect(gap.toFixed(3)).toBe("0.712");
    expect(Math.abs(kl - gap)).toBeLessThan(1e-6); // (5) on the grid
    expect(fit.q.mean.toFixed(2)).toBe("1.33");
  });

  test("z² from m = 0 exactly: the ascent straddles both modes, gap 3.42", () => {
    const {gap, fit} = fittedGap("square", 2, 0.5, {mean: 0, variance: 0.2});
    expect(Math.abs(fit.q.mean)).toBeLessThan(1e-9);
    expect(gap.toFixed(2)).toBe("3.42");
  });

  test("z², x = 4, s = 0.2: far-apart modes, the gap tends to log 2 (0.694)", () => {
    const {gap} = fittedGap("square", 4, 0.2, {mean: 0.5, variance: 0.2});
    expect(gap.toFixed(3)).toBe("0.694");
    expect(gap - Math.log(2)).toBeGreaterThan(0);
    expect(gap - Math.log(2)).toBeLessThan(0.002);
  });

  test("z², x = 0.5: overlapping modes, the best q straddles them (gap 0.14); x = −0.5: small but positive", () => {
    expect(fittedGap("square", 0.5, 0.5, {mean: 0.5, variance: 0.2}).gap.toFixed(2)).toBe("0.14");
    const flat = fittedGap("square", -0.5, 0.5, {mean: 0.5, variance: 0.2}).gap;
    expect(flat).toBeGreaterThan(1e-3);
    expect(flat).toBeLessThan(0.02);
  });

  test("tanh, x = 2, s = 0.5: a skewed posterior keeps a gap of 0.15", () => {
    const {gap, kl} = fittedGap("tanh", 2, 0.5, {mean: 0.5, variance: 0.2});
    expect(gap.toFixed(2)).toBe("0.15");
    expect(Math.abs(kl - gap)).toBeLessThan(1e-6);
  });

  test("the linear decoder through the same grid, quadrature and ascent closes the gap below 1e-9", () => {
    const {gap} = fittedGap("linear", 2, 0.5, {mean: 0.5, variance: 0.2});
    expect(Math.abs(gap)).toBeLessThan(1e-9);
  });
});
