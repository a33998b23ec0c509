// The estimators' means and variances: closed forms against quadrature, and seeded Monte Carlo against both.
// "Within Monte Carlo error" means within 4 standard errors, where the standard errors are the exact ones:
//   SE(mean) = √(Var g / n),   SE(sample variance) = √((μ₄ − Var g²) / n),   μ₄ = E[(g − E g)⁴] by quadrature.
// With a fixed seed the draws are the same on every run, so these tests are deterministic.
import {describe, expect, test} from "vitest";
import {
  estimatorMean, estimatorMoments, estimatorNames, estimatorVariance, exactExpectation, exactGradient, optimalBaseline,
  sampleGradient, sinPathwiseVariance, squareVariance, type EstimatorName
} from "../../../src/math/estimators.js";
import {normalExpectation} from "../../../src/math/normal.js";
import {RunningMoments} from "../../../src/math/runningMoments.js";
import {testFunction, type TestFunction} from "../../../src/math/testFunctions.js";
import {Rng} from "../../../src/math/rng.js";

const N = 200_000; // draws per sampled check
const K = 4; // tolerance, in standard errors

/** The exact 4th central moment of one draw of the `param` component, by quadrature. */
function fourthCentral(e: EstimatorName, fn: TestFunction, mu: number, sigma: number, b: number, param: "mu" | "sigma", mean: number): number {
  const breaks = fn.kinks.map((k) => (k - mu) / sigma);
  return normalExpectation((eps) => (sampleGradient(e, fn, mu, sigma, eps, b)[param] - mean) ** 4, {breaks});
}

/** n seeded draws of each estimator (same ε for all), as RunningMoments per estimator and parameter. */
function sample(fn: TestFunction, mu: number, sigma: number, b: number, seed: number, n = N) {
  const rng = new Rng(seed, "test");
  const m = Object.fromEntries(estimatorNames.map((e) => [e, {mu: new RunningMoments(), sigma: new RunningMoments()}])) as Record<EstimatorName, {mu: RunningMoments; sigma: RunningMoments}>;
  for (let i = 0; i < n; i++) {
    const eps = rng.normal();
    for (const e of estimatorNames) {
      const g = sampleGradient(e, fn, mu, sigma, eps, b);
      m[e].mu.push(g.mu);
      m[e].sigma.push(g.sigma);
    }
  }
  return m;
}

const cases: {name: string; fn: TestFunction; mu: number; sigma: number}[] = [
  {name: "z²", fn: testFunction("square"), mu: 1, sigma: 0.5},
  {name: "z²", fn: testFunction("square"), mu: -0.4, sigma: 1.2},
  {name: "sin z", fn: testFunction("sin"), mu: 0.8, sigma: 0.6},
  {name: "sigmoid(4z)", fn: testFunction("sigmoid", {k: 4}), mu: 0.3, sigma: 0.7},
  {name: "1[z > 0]", fn: testFunction("step"), mu: 0.3, sigma: 0.7}
];

describe("estimators: closed forms", () => {
  test("squareVariance(e, μ, σ, b) equals the quadrature variance for every estimator, μ, σ and b (1e-8 relative)", () => {
    const fn = testFunction("square");
    for (const [mu, sigma] of [[1, 0.5], [-0.4, 1.2], [2, 0.3], [0, 1]]) {
      for (const b of [0, 1.7, -2]) {
        for (const e of estimatorNames) {
          const closed = squareVariance(e, mu, sigma, b);
          const quad = estimatorMoments(e, fn, mu, sigma, b).variance;
          expect(Math.abs(closed.mu - quad.mu) / closed.mu).toBeLessThan(1e-8);
          expect(Math.abs(closed.sigma - quad.sigma) / closed.sigma).toBeLessThan(1e-8);
        }
      }
    }
  });

  test("squareVariance with b = 0 is the chapter's (5): μ⁴/σ² + 14μ² + 15σ², 2μ⁴/σ² + 60μ² + 74σ², 4σ², 4μ² + 8σ²", () => {
    const [mu, sigma] = [1, 0.5];
    expect(squareVariance("score", mu, sigma).mu).toBeCloseTo(4 + 14 + 3.75, 12);
    expect(squareVariance("score", mu, sigma).sigma).toBeCloseTo(8 + 60 + 18.5, 12);
    expect(squareVariance("pathwise", mu, sigma)).toEqual({mu: 1, sigma: 6});
    // The chapter's numbers at μ = 1, σ = 0.5: 10.5 with b = E[f] = 1.25 and 9.5 with b* = μ² + 3σ² = 1.75.
    expect(squareVariance("baseline", mu, sigma, 1.25).mu).toBeCloseTo(10.5, 12);
    expect(squareVariance("baseline", mu, sigma, 1.75).mu).toBeCloseTo(9.5, 12);
  });

  test("sinPathwiseVariance(μ, σ) equals the quadrature variance (1e-9)", () => {
    const fn = testFunction("sin");
    for (const [mu, sigma] of [[0.8, 0.6], [-2, 1.5], [0, 0.1]]) {
      const closed = sinPathwiseVariance(mu, sigma);
      const quad = estimatorMoments("pathwise", fn, mu, sigma).variance;
      expect(Math.abs(closed.mu - quad.mu)).toBeLessThan(1e-9);
      expect(Math.abs(closed.sigma - quad.sigma)).toBeLessThan(1e-9);
    }
  });

  test("optimalBaseline for z² is (μ² + 3σ², μ² + 5σ²), and no nearby constant does better", () => {
    const fn = testFunction("square");
    const [mu, sigma] = [0.7, 0.9];
    const b = optimalBaseline(fn, mu, sigma);
    expect(b.mu).toBeCloseTo(mu * mu + 3 * sigma * sigma, 9);
    expect(b.sigma).toBeCloseTo(mu * mu + 5 * sigma * sigma, 9);
    for (const d of [-0.1, 0.1]) {
      expect(squareVariance("baseline", mu, sigma, {mu: b.mu + d, sigma: b.sigma}).mu).toBeGreaterThan(squareVariance("baseline", mu, sigma, b).mu);
      expect(squareVariance("baseline", mu, sigma, {mu: b.mu, sigma: b.sigma + d}).sigma).toBeGreaterThan(squareVariance("baseline", mu, sigma, b).sigma);
    }
  });

  test("every estimator's quadrature mean is the true gradient, except pathwise on the step (0: biased)", () => {
    for (const {fn, mu, sigma} of cases) {
      const truth = exactGradient(fn, mu, sigma);
      for (const e of estimatorNames) {
        const mean = estimatorMoments(e, fn, mu, sigma, 0.37).mean;
        const expected = e === "pathwise" && !fn.differentiable ? {mu: 0, sigma: 0} : truth;
        expect(Math.abs(mean.mu - expected.mu)).toBeLessThan(1e-8);
        expect(Math.abs(mean.sigma - expected.sigma)).toBeLessThan(1e-8);
        expect(estimatorMean(e, fn, mu, sigma).mu).toBeCloseTo(expected.mu, 8);
      }
    }
  });

  test("sampleGradient rejects an unknown estimator, and the exact values a σ ≤ 0", () => {
    expect(() => sampleGradient("control" as never, testFunction("sin"), 0, 1, 0.1)).toThrow('invalid estimator: "control"');
    expect(() => exactGradient(testFunction("sin"), 0, 0)).toThrow("invalid sigma: 0");
  });
});

describe("estimators: sampled at a fixed seed, within 4 standard errors of the exact values", () => {
  for (const {name, fn, mu, sigma} of cases) {
    test(`f = ${name}, μ = ${mu}, σ = ${sigma}: the means of ${N.toLocaleString("en")} draws match the exact means, and their variances the exact variances`, () => {
      const b = exactExpectation(fn, mu, sigma); // the baseline the chapter quotes: b = E_q[f]
      const m = sample(fn, mu, sigma, b, 7);
      for (const e of estimatorNames) {
        const mean = estimatorMean(e, fn, mu, sigma);
        const variance = estimatorVariance(e, fn, mu, sigma, b);
        for (const p of ["mu", "sigma"] as const) {
          const got = m[e][p];
          if (variance[p] === 0) {
            // Pathwise on the step: every draw is exactly 0.
            expect([got.mean, got.variance]).toEqual([0, 0]);
            continue;
          }
          const seMean = Math.sqrt(variance[p] / N);
          const seVar = Math.sqrt((fourthCentral(e, fn, mu, sigma, b, p, mean[p]) - variance[p] ** 2) / N);
          expect(Math.abs(got.mean - mean[p]), `${e} ${p} mean`).toBeLessThan(K * seMean);
          expect(Math.abs(got.variance - variance[p]), `${e} ${p} variance`).toBeLessThan(K * seVar);
        }
      }
    });
  }

  test("the baseline b = E[f] reduces the variance exactly when it lies between 0 and 2b*, and then in the draws too", () => {
    // Var_b = Var_0 + E[s²]·b(b − 2b*): a parabola in b with its minimum at the optimal baseline b* (4).
    let reduced = 0;
    for (const {fn, mu, sigma} of [...cases, {fn: testFunction("step"), mu: 1, sigma: 0.5}]) {
      const b = exactExpectation(fn, mu, sigma);
      const star = optimalBaseline(fn, mu, sigma);
      const m = sample(fn, mu, sigma, b, 11, 50_000);
      for (const p of ["mu", "sigma"] as const) {
        const helps = estimatorVariance("baseline", fn, mu, sigma, b)[p] < estimatorVariance("score", fn, mu, sigma)[p];
        expect(helps, `${fn.name} ${p}`).toBe(b * (b - 2 * star[p]) < 0);
        if (helps) {
          reduced++;
          expect(m.baseline[p].variance).toBeLessThan(m.score[p].variance);
        }
      }
    }
    expect(reduced).toBe(11); // every case but one: the next test
  });

  test("a baseline can hurt: for sin z at μ = 0.8, σ = 0.6, b = E[f] raises the variance of the ∂J/∂σ estimate (2.62 → 3.23)", () => {
    const fn = testFunction("sin");
    const b = exactExpectation(fn, 0.8, 0.6);
    expect(b).toBeGreaterThan(2 * optimalBaseline(fn, 0.8, 0.6).sigma);
    expect(estimatorVariance("score", fn, 0.8, 0.6).sigma).toBeCloseTo(2.615, 3);
    expect(estimatorVariance("baseline", fn, 0.8, 0.6, b).sigma).toBeCloseTo(3.234, 3);
  });

  test("for f = z² the pathwise estimator has a lower variance than the score function (with or without baseline), exactly and in the draws", () => {
    const fn = testFunction("square");
    for (const [mu, sigma] of [[1, 0.5], [0, 1], [-2, 0.2], [0.5, 2]]) {
      const b = exactExpectation(fn, mu, sigma);
      const m = sample(fn, mu, sigma, b, 13, 50_000);
      for (const p of ["mu", "sigma"] as const) {
        const path = squareVariance("pathwise", mu, sigma)[p];
        expect(path).toBeLessThan(squareVariance("baseline", mu, sigma, b)[p]);
        expect(path).toBeLessThan(squareVariance("score", mu, sigma)[p]);
        expect(m.pathwise[p].variance).toBeLessThan(m.baseline[p].variance);
        expect(m.pathwise[p].variance).toBeLessThan(m.score[p].variance);
      }
    }
  });

  test("as the chapter says: for sigmoid(kz) at μ = 1, σ = 0.5, pathwise wins at k = 4 and the baseline wins at k = 50", () => {
    for (const [k, pathwiseWins] of [[4, true], [50, false]] as const) {
      const fn = testFunction("sigmoid", {k});
      const b = exactExpectation(fn, 1, 0.5);
      const path = estimatorVariance("pathwise", fn, 1, 0.5).mu;
      const base = estimatorVariance("baseline", fn, 1, 0.5, b).mu;
      expect(path < base).toBe(pathwiseWins);
    }
  });
});
