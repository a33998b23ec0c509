import {describe, expect, test} from "vitest";
import {exactExpectation, exactGradient} from "../../../src/math/estimators.js";
import {normalExpectation} from "../../../src/math/normal.js";
import {testFunction, testFunctionNames} from "../../../src/math/testFunctions.js";

// Points (μ, σ) at which the closed forms are checked.
const points: [number, number][] = [[1, 0.5], [-0.7, 1.3], [0.2, 0.1], [2, 2]];
const h = 1e-5; // central differences: error O(h²) ≈ 1e-10 relative to the curvature

describe("testFunction", () => {
  for (const name of ["square", "sin", "step"] as const) {
    test(`testFunction("${name}").gradient(μ, σ) equals central finite differences of .expectation to 1e-6`, () => {
      const fn = testFunction(name);
      for (const [mu, sigma] of points) {
        const g = fn.gradient!(mu, sigma);
        const dMu = (fn.expectation!(mu + h, sigma) - fn.expectation!(mu - h, sigma)) / (2 * h);
        const dSigma = (fn.expectation!(mu, sigma + h) - fn.expectation!(mu, sigma - h)) / (2 * h);
        expect(Math.abs(g.mu - dMu)).toBeLessThan(1e-6);
        expect(Math.abs(g.sigma - dSigma)).toBeLessThan(1e-6);
      }
    });

    test(`testFunction("${name}").expectation(μ, σ) equals quadrature of f(μ + σε) to 1e-9`, () => {
      const fn = testFunction(name);
      for (const [mu, sigma] of points) {
        const q = normalExpectation((e) => fn.f(mu + sigma * e), {breaks: fn.kinks.map((k) => (k - mu) / sigma)});
        expect(Math.abs(fn.expectation!(mu, sigma) - q)).toBeLessThan(1e-9);
      }
    });
  }

  test('testFunction("square") and ("sin") have the textbook gradients 2μ, 2σ and cos μ·e^{−σ²/2}', () => {
    expect(testFunction("square").gradient!(1.5, 0.3)).toEqual({mu: 3, sigma: 0.6});
    const g = testFunction("sin").gradient!(0.4, 0.8);
    expect(g.mu).toBeCloseTo(Math.cos(0.4) * Math.exp(-0.32), 14);
    expect(g.sigma).toBeCloseTo(-0.8 * Math.sin(0.4) * Math.exp(-0.32), 14);
  });

  test("exactGradient of sigmoid(kz) (quadrature of the score identity) equals finite differences of its quadrature expectation to 1e-6", () => {
    for (const k of [1, 4, 50]) {
      const fn = testFunction("sigmoid", {k});
      for (const [mu, sigma] of points) {
        const g = exactGradient(fn, mu, sigma);
        expect(g.method).toBe("quadrature");
        const dMu = (exactExpectation(fn, mu + h, sigma) - exactExpectation(fn, mu - h, sigma)) / (2 * h);
        const dSigma = (exactExpectation(fn, mu, sigma + h) - exactExpectation(fn, mu, sigma - h)) / (2 * h);
        expect(Math.abs(g.mu - dMu)).toBeLessThan(1e-6);
        expect(Math.abs(g.sigma - dSigma)).toBeLessThan(1e-6);
      }
    }
  });

  test("each differentiable test function's df equals a finite difference of f", () => {
    for (const name of ["square", "sin", "sigmoid"] as const) {
      const fn = testFunction(name, {k: 3});
      for (const z of [-1.2, 0.1, 0.9]) expect(fn.df(z)).toBeCloseTo((fn.f(z + h) - fn.f(z - h)) / (2 * h), 8);
    }
  });

  test('testFunction("step") is marked not differentiable, with f′ = 0 and a kink at 0', () => {
    const fn = testFunction("step");
    expect(fn.differentiable).toBe(false);
    expect(fn.kinks).toEqual([0]);
    expect([fn.df(-1), fn.df(1)]).toEqual([0, 0]);
  });

  test("testFunction rejects an unknown name or a bad k, naming the value", () => {
    expect(() => testFunction("cube" as never)).toThrow('invalid test function: "cube"');
    expect(() => testFunction("sigmoid", {k: -1})).toThrow("invalid k: -1");
    expect(testFunctionNames).toEqual(["square", "sin", "sigmoid", "step"]);
  });
});
