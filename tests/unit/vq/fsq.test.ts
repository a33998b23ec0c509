import {describe, expect, it} from "vitest";
import {checkLevels, fsqCodebook, fsqCodesToIndices, fsqIndicesToCodes, fsqQuantize, fsqSize, parseLevels} from "../../../src/math/fsq.js";
import {Rng} from "../../../src/math/rng.js";

describe("FSQ", () => {
  it("fsqCodebook(levels) has ∏ L_i distinct codes, each coordinate on its grid in [−1, 1]", () => {
    for (const levels of [[8, 5, 5, 5], [4, 4, 4], [3], [8, 6, 5], [2, 7]]) {
      const size = levels.reduce((a, b) => a * b, 1), d = levels.length;
      expect(fsqSize(levels)).toBe(size);
      const book = fsqCodebook(levels);
      expect(book.length).toBe(size * d);
      const keys = new Set<string>();
      for (let k = 0; k < size; k++) keys.add(Array.from(book.subarray(k * d, (k + 1) * d)).join(","));
      expect(keys.size).toBe(size);
      for (let j = 0; j < d; j++) {
        const values = new Set(Array.from({length: size}, (_, k) => book[k * d + j]));
        expect(values.size).toBe(levels[j]);
        for (const v of values) expect(Math.abs(v)).toBeLessThanOrEqual(1);
      }
    }
  });

  it("codes round-trip: fsqCodesToIndices(fsqIndicesToCodes(k)) = k for every index", () => {
    const levels = [8, 5, 5, 5];
    const all = Int32Array.from({length: 1000}, (_, k) => k);
    expect(Array.from(fsqCodesToIndices(fsqIndicesToCodes(all, levels), levels))).toEqual(Array.from(all));
  });

  it("fsqQuantize lands every vector on the codebook, and quantising a code gives it back", () => {
    const levels = [8, 5, 5, 5];
    const z = new Rng(0, "fsq").normals(4 * 500).map((v) => 3 * v);
    const q = fsqQuantize(z, levels);
    const idx = fsqCodesToIndices(q, levels); // throws if any code is off the grid
    expect(Array.from(fsqIndicesToCodes(idx, levels)).every((v, i) => Math.abs(v - q[i]) < 1e-12)).toBe(true);
  });

  it("fsqQuantize: odd L rounds tanh(z)·h, even L is offset by ½ and shifted so 0 maps between two levels", () => {
    // L = 5: h = 2·0.999, values −1, −½, 0, ½, 1; z = 0 → 0; z = 0.3 → tanh(0.3)·1.998 = 0.583 → 1 → ½.
    expect(Array.from(fsqQuantize([0, 0.3, 10, -10], [5]))).toEqual([0, 0.5, 1, -1]);
    // L = 4: values (−2, −1, 0, 1)/2; z large → round(1.4985 − 0.5) = 1 → ½; z very negative → −2 → −1.
    expect(Array.from(fsqQuantize([10, -10], [4]))).toEqual([0.5, -1]);
  });

  it("checkLevels and parseLevels name a bad value", () => {
    expect(parseLevels("8, 5, 5, 5")).toEqual([8, 5, 5, 5]);
    expect(parseLevels("[4,4,4]")).toEqual([4, 4, 4]);
    expect(() => parseLevels("8, 1")).toThrow('invalid levels: "8, 1"; expected 1 to 8 integers in [2, 64], e.g. "8, 5, 5, 5"');
    expect(() => checkLevels([2.5])).toThrow("invalid levels: [2.5]; expected 1 to 8 integers, each in [2, 64]");
  });
});
