import {describe, expect, test} from "vitest";
import {RunningMoments} from "../../../src/math/runningMoments.js";
import {Rng} from "../../../src/math/rng.js";

describe("RunningMoments", () => {
  test("push(x) gives the two-pass mean, unbiased variance and 4th-moment standard error (1e-10)", () => {
    const rng = new Rng(3, "test");
    const xs = Array.from({length: 5000}, () => rng.normal() ** 3 + 2); // skewed, heavy-tailed
    const m = new RunningMoments();
    m.pushAll(xs);
    const n = xs.length;
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const c2 = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    const c4 = xs.reduce((a, b) => a + (b - mean) ** 4, 0) / n;
    expect(m.n).toBe(n);
    expect(m.mean).toBeCloseTo(mean, 10);
    expect(m.variance).toBeCloseTo((c2 * n) / (n - 1), 10);
    expect(m.meanStandardError).toBeCloseTo(Math.sqrt((c2 * n) / (n - 1) / n), 10);
    expect(m.varianceStandardError).toBeCloseTo(Math.sqrt((c4 - c2 * c2) / n), 10);
  });

  test("RunningMoments is NaN before enough values, and reset() empties it", () => {
    const m = new RunningMoments();
    expect([m.mean, m.variance]).toEqual([NaN, NaN]);
    m.push(4);
    expect([m.mean, m.variance]).toEqual([4, NaN]);
    m.push(6);
    expect([m.mean, m.variance]).toEqual([5, 2]);
    m.reset();
    expect([m.n, m.mean]).toEqual([0, NaN]);
  });
});
