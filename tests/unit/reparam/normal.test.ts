import {describe, expect, test} from "vitest";
import {erfc, normalCdf, normalExpectation, normalPdf} from "../../../src/math/normal.js";

describe("normal", () => {
  test("erfc(x) matches reference values to 1e-12 relative, in both tails and at the seam x = 2.5", () => {
    // Reference values: erfc from mpmath at 30 digits.
    const ref: [number, number][] = [
      [0, 1], [0.5, 0.4795001221869535], [1, 0.15729920705028513], [2, 0.004677734981047266],
      [2.5, 4.069520174449590e-4], [3, 2.209049699858544e-5], [5, 1.537459794428035e-12], [-1, 1.8427007929497148]
    ];
    for (const [x, v] of ref) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1e-12);
    expect(Math.abs(erfc(2.5 - 1e-9) - erfc(2.5 + 1e-9))).toBeLessThan(1e-11);
  });

  test("normalCdf(x) is Φ: Φ(0) = ½, Φ(−1.96) ≈ 0.025, Φ(x) + Φ(−x) = 1", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 14);
    for (const x of [0.3, 1.7, 4]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
  });

  test("normalPdf(x) is φ and integrates to 1 under normalExpectation", () => {
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
    expect(normalExpectation(() => 1)).toBeCloseTo(1, 12);
  });

  test("normalExpectation(ε^k) gives the moments 0, 1, 0, 3, 0, 15, 0, 105 to 1e-9", () => {
    const moments = [0, 1, 0, 3, 0, 15, 0, 105];
    moments.forEach((m, i) => expect(Math.abs(normalExpectation((e) => e ** (i + 1)) - m)).toBeLessThan(1e-9));
  });

  test("normalExpectation of a step, split at its jump, is 1 − Φ(c) to 1e-9", () => {
    for (const c of [-1.3, 0, 0.3, 2.2]) {
      expect(Math.abs(normalExpectation((e) => (e > c ? 1 : 0), {breaks: [c]}) - (1 - normalCdf(c)))).toBeLessThan(1e-9);
    }
  });

  test("normalExpectation rejects a bad limit or interval count, naming the value", () => {
    expect(() => normalExpectation((e) => e, {limit: 0})).toThrow("invalid limit: 0");
    expect(() => normalExpectation((e) => e, {intervals: 1})).toThrow("invalid intervals: 1");
  });
});
