// Gauss–Hermite quadrature for expectations under a Gaussian.
import {describe, expect, test} from "vitest";
import {expectNormal, gaussHermite} from "../../../src/math/gaussHermite.js";

describe("gaussHermite", () => {
  test("gaussHermite(n) has weights summing to 1 and exact even moments E[ε^2k] = (2k − 1)!! up to degree 2n − 1", () => {
    for (const n of [2, 3, 5, 10, 48, 100]) {
      const {nodes, weights} = gaussHermite(n);
      const moment = (p: number) => nodes.reduce((s, t, i) => s + weights[i] * t ** p, 0);
      expect(Math.abs(moment(0) - 1)).toBeLessThan(1e-12);
      let dfact = 1;
      for (let k = 1; 2 * k <= 2 * n - 1 && k <= 8; k++) {
        dfact *= 2 * k - 1;
        expect(Math.abs(moment(2 * k) - dfact) / dfact).toBeLessThan(1e-10);
        expect(Math.abs(moment(2 * k - 1))).toBeLessThan(1e-9 * dfact);
      }
    }
  });

  test("gaussHermite(3) has nodes 0, ±√3 and weights 2/3, 1/6", () => {
    const {nodes, weights} = gaussHermite(3);
    expect(nodes[1]).toBe(0);
    expect(Math.abs(nodes[2] - Math.sqrt(3))).toBeLessThan(1e-12);
    expect(nodes[0]).toBe(-nodes[2]);
    expect(Math.abs(weights[1] - 2 / 3)).toBeLessThan(1e-12);
    expect(Math.abs(weights[0] - 1 / 6)).toBeLessThan(1e-12);
  });

  test("expectNormal(cos, m, v) = cos(m) e^{−v/2}", () => {
    for (const [m, v] of [[0, 1], [0.7, 0.3], [-2, 2.5]]) {
      expect(Math.abs(expectNormal(Math.cos, m, v) - Math.cos(m) * Math.exp(-v / 2))).toBeLessThan(1e-10);
    }
  });

  test("gaussHermite(n) outside [1, 100] is refused", () => {
    expect(() => gaussHermite(0)).toThrow("invalid n: 0; expected an integer in [1, 100]");
    expect(() => gaussHermite(101)).toThrow("invalid n: 101");
  });
});
