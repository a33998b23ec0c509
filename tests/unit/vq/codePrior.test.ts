import {describe, expect, it} from "vitest";
import {CodePrior} from "../../../src/math/codePrior.js";
import {CodeUsage} from "../../../src/math/codeUsage.js";
import {Rng} from "../../../src/math/rng.js";

describe("CodePrior", () => {
  it("CodePrior.bitsPerCode('uniform') is log2 K", () => {
    const prior = new CodePrior([0, 1, 2, 3], 2, 16);
    expect(prior.bitsPerCode("uniform", [5, 6, 7, 8])).toBeCloseTo(4, 12);
  });

  it("a neighbour prior fitted on one grid repeated draws that grid, and costs nearly 0 bits on it", () => {
    const grid = [3, 1, 4, 1, 5, 9, 2, 6, 5];
    const prior = new CodePrior(Array.from({length: 50}, () => grid).flat(), 3, 10, 0.01, 0.01);
    const rng = new Rng(0, "prior");
    for (let t = 0; t < 20; t++) expect(Array.from(prior.sample("neighbour", rng))).toEqual(grid);
    expect(prior.bitsPerCode("neighbour", grid)).toBeLessThan(0.01);
    expect(prior.bitsPerCode("position", grid)).toBeLessThan(0.01);
  });

  it("CodePrior.positionProb is the smoothed share of each code at each position, summing to 1", () => {
    const prior = new CodePrior([0, 1, 0, 2, 1, 1, 0, 1], 2, 3, 0.5); // two 2×2 grids, K = 3
    expect(prior.positionProb(2, 0)).toBeCloseTo((2 + 0.5) / (2 + 1.5), 12); // both grids have 0 at position 2
    expect(prior.positionProb(0, 0)).toBeCloseTo((1 + 0.5) / (2 + 1.5), 12);
    for (let i = 0; i < 4; i++) expect([0, 1, 2].reduce((s, c) => s + prior.positionProb(i, c), 0)).toBeCloseTo(1, 12);
  });

  it("the neighbour prior beats the position prior on grids whose codes copy their left neighbour", () => {
    const rng = new Rng(1, "rows"), make = (n: number) => Array.from({length: n}, () => {
      const g: number[] = [];
      for (let r = 0; r < 4; r++) { const c = rng.int(8); g.push(c, c, c, c); } // each row one random code
      return g;
    }).flat();
    const prior = new CodePrior(make(400), 4, 8);
    const held = make(50);
    expect(prior.bitsPerCode("position", held)).toBeGreaterThan(2.9); // ≈ log2 8 = 3
    expect(prior.bitsPerCode("neighbour", held)).toBeLessThan(1);
  });

  it("CodePrior names a bad grid", () => {
    expect(() => new CodePrior([0, 1, 2], 2, 4)).toThrow("invalid grids: length 3; expected a positive multiple of 4");
    expect(() => new CodePrior([0, 1, 2, 4], 2, 4)).toThrow("invalid grids[3]: 4; expected an integer in [0, 3]");
  });
});

describe("CodeUsage", () => {
  it("CodeUsage.observe reports the batch perplexity and codes used; never-used codes die after ln(τ)/ln(γ) batches", () => {
    const usage = new CodeUsage(4, {decay: 0.9, threshold: 0.03, jitter: 0});
    const first = usage.observe([0, 0, 1, 1]);
    expect(first.perplexity).toBeCloseTo(2, 12);
    expect(first.used).toBe(2);
    const steps = Math.ceil(Math.log(0.03) / Math.log(0.9)); // 34: (1/4)·0.9^t < 0.03/4
    let dead = 0;
    for (let t = 1; t < steps; t++) dead = usage.observe([0, 1]).dead;
    expect(dead).toBe(2);
    expect(usage.dead()).toEqual([2, 3]);
  });

  it("CodeUsage.plan re-seeds each dead code at a row of z and marks it used again", () => {
    const usage = new CodeUsage(3, {decay: 0.5, threshold: 0.5, jitter: 0});
    for (let t = 0; t < 5; t++) usage.observe([0, 0]);
    const plan = usage.plan([7, 8, 9, 10], 2, new Rng(0, "reset"));
    expect(plan.codes).toEqual([1, 2]);
    for (let c = 0; c < 2; c++) expect([[7, 8], [9, 10]]).toContainEqual(Array.from(plan.vectors.subarray(2 * c, 2 * c + 2)));
    expect(usage.dead()).toEqual([]);
    expect(usage.resets).toBe(2);
  });
});
