// The functions f whose expectation E_{z~N(μ,σ²)}[f(z)] the estimator chapter differentiates, with their derivatives
// and, where they exist, closed forms of the expectation and of its gradient in μ and σ. Write z = μ + σε, ε ~ N(0,1):
//   square   f = z²             E = μ² + σ²               ∇_μ = 2μ                ∇_σ = 2σ
//   sin      f = sin z          E = sin μ · e^{−σ²/2}     ∇_μ = cos μ · e^{−σ²/2}  ∇_σ = −σ sin μ · e^{−σ²/2}
//   sigmoid  f = 1/(1 + e^{−kz}) no closed form (normalExpectation gives it to ~1e-10)
//   step     f = 1[z > 0]       E = Φ(μ/σ)                ∇_μ = φ(μ/σ)/σ           ∇_σ = −μ φ(μ/σ)/σ²
// The step is the case where the pathwise estimator fails: f′ = 0 wherever it exists, yet E[f] depends on μ.

import {normalCdf, normalPdf} from "./normal.js";

export const testFunctionNames = ["square", "sin", "sigmoid", "step"] as const;
export type TestFunctionName = (typeof testFunctionNames)[number];

/** A gradient with respect to the two parameters of N(μ, σ²). */
export interface Grad {
  mu: number;
  sigma: number;
}

export interface TestFunction {
  name: TestFunctionName;
  /** Plain-text formula for labels and text alternatives: "z²", "sigmoid(4z)". */
  label: string;
  f(z: number): number;
  /** f′(z); for the step, 0 (its derivative wherever it has one). */
  df(z: number): number;
  /** false when f′ misses a jump of f (the step): the pathwise estimator is then biased. */
  differentiable: boolean;
  /** Values of z where f or f′ jumps or f changes fast; quadrature splits there. */
  kinks: readonly number[];
  /** E[f(z)], z ~ N(μ, σ²), in closed form; undefined when there is none. */
  expectation?(mu: number, sigma: number): number;
  /** ∇_{μ,σ} E[f(z)] in closed form; undefined when there is none. */
  gradient?(mu: number, sigma: number): Grad;
}

/** Options of `testFunction`. */
export interface TestFunctionOptions {
  /** Steepness k of sigmoid(kz); as k grows it approaches the step. Default 4. */
  k?: number;
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** The test function `name`: `testFunction("sigmoid", {k: 8})`. */
export function testFunction(name: TestFunctionName, {k = 4}: TestFunctionOptions = {}): TestFunction {
  switch (name) {
    case "square":
      return {
        name, label: "z²", differentiable: true, kinks: [],
        f: (z) => z * z,
        df: (z) => 2 * z,
        expectation: (mu, sigma) => mu * mu + sigma * sigma,
        gradient: (mu, sigma) => ({mu: 2 * mu, sigma: 2 * sigma})
      };
    case "sin":
      return {
        name, label: "sin z", differentiable: true, kinks: [],
        f: Math.sin,
        df: Math.cos,
        expectation: (mu, sigma) => Math.sin(mu) * Math.exp(-0.5 * sigma * sigma),
        gradient: (mu, sigma) => {
          const damp = Math.exp(-0.5 * sigma * sigma);
          return {mu: Math.cos(mu) * damp, sigma: -sigma * Math.sin(mu) * damp};
        }
      };
    case "sigmoid": {
      if (typeof k !== "number" || !Number.isFinite(k) || k <= 0 || k > 1000) {
        throw new Error(`invalid k: ${k}; expected a number in (0, 1000]`);
      }
      return {
        // Breaks at 0, ±1/k, ±2/k, …, ±16/k resolve the rise however steep it is.
        name, label: `sigmoid(${+k.toFixed(3)}z)`, differentiable: true,
        kinks: [0, 1, 2, 4, 8, 16].flatMap((c) => (c === 0 ? [0] : [-c / k, c / k])),
        f: (z) => sigmoid(k * z),
        df: (z) => {
          const s = sigmoid(k * z);
          return k * s * (1 - s);
        }
      };
    }
    case "step":
      return {
        name, label: "1[z > 0]", differentiable: false, kinks: [0],
        f: (z) => (z > 0 ? 1 : 0),
        df: () => 0,
        expectation: (mu, sigma) => normalCdf(mu / sigma),
        gradient: (mu, sigma) => {
          const d = normalPdf(mu / sigma);
          return {mu: d / sigma, sigma: (-mu * d) / (sigma * sigma)};
        }
      };
    default:
      throw new Error(`invalid test function: ${JSON.stringify(name)}; expected one of ${testFunctionNames.map((s) => JSON.stringify(s)).join(", ")}`);
  }
}
