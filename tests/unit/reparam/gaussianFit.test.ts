import {describe, expect, test} from "vitest";
import {fitDefaults, fitMethods, fitObjective, GaussianFit} from "../../../src/math/gaussianFit.js";
import {testFunction} from "../../../src/math/testFunctions.js";

function run(method: (typeof fitMethods)[number], name: "square" | "sin" | "step", steps = 300, config = {}) {
  const r = new GaussianFit(method, testFunction(name), {...fitDefaults, ...config});
  for (let i = 0; i < steps; i++) r.step();
  return r;
}

const tailMean = (r: GaussianFit) => {
  const tail = r.records.slice(Math.floor((3 * r.records.length) / 4));
  return tail.reduce((a, b) => a + b.objective, 0) / tail.length;
};

describe("GaussianFit", () => {
  test("fitObjective(z², μ, σ) = μ² + σ² + ½(μ² + σ² − 1 − log σ²)", () => {
    const [mu, sigma] = [0.7, 1.4];
    expect(fitObjective(testFunction("square"), mu, sigma)).toBeCloseTo(mu ** 2 + sigma ** 2 + 0.5 * (mu ** 2 + sigma ** 2 - 1 - Math.log(sigma ** 2)), 12);
  });

  test('the "exact" run on z² reaches the optimum μ = 0, σ² = 1/3, L = 1/3 + ½(log 3 − 2/3)', () => {
    const r = run("exact", "square");
    const last = r.records[r.records.length - 1];
    expect(last.mu).toBeCloseTo(0, 6);
    expect(last.sigma ** 2).toBeCloseTo(1 / 3, 6);
    expect(last.objective).toBeCloseTo(1 / 3 + 0.5 * (Math.log(3) - 2 / 3), 6);
  });

  test("the same seed gives the same run, and another seed another run", () => {
    const a = run("score", "square", 50), b = run("score", "square", 50), c = run("score", "square", 50, {seed: 2});
    expect(a.records).toEqual(b.records);
    expect(a.records[50].mu).not.toBe(c.records[50].mu);
  });

  test("on z², the pathwise run ends closer to the optimum than the baseline run, and that closer than the score-function run (seeds 1–3)", () => {
    for (const seed of [1, 2, 3]) {
      const [score, baseline, pathwise] = (["score", "baseline", "pathwise"] as const).map((m) => tailMean(run(m, "square", 300, {seed})));
      expect(pathwise).toBeLessThan(baseline);
      expect(baseline).toBeLessThan(score);
    }
  });

  test("on the step, the pathwise run ignores f and settles on the prior N(0, 1); the score-function runs move μ below 0", () => {
    const p = run("pathwise", "step").records.at(-1)!;
    expect(p.mu).toBeCloseTo(0, 6);
    expect(p.sigma).toBeCloseTo(1, 6);
    expect(run("score", "step").records.at(-1)!.mu).toBeLessThan(-0.2);
    expect(run("baseline", "step").records.at(-1)!.mu).toBeLessThan(-0.2);
  });

  test("a run whose parameters blow up stops and says at which step", () => {
    const r = run("exact", "square", 50, {lr: 10});
    expect(r.diverged).toBeGreaterThan(0);
    expect(r.records.length).toBe(r.diverged!);
    expect(r.records.every((d) => Number.isFinite(d.objective))).toBe(true);
  });

  test("GaussianFit rejects bad settings, naming the value", () => {
    const fn = testFunction("sin");
    expect(() => new GaussianFit("exact", fn, {...fitDefaults, lr: 0})).toThrow("invalid lr: 0");
    expect(() => new GaussianFit("exact", fn, {...fitDefaults, samples: 1.5})).toThrow("invalid samples: 1.5");
    expect(() => new GaussianFit("magic" as never, fn)).toThrow("invalid method: magic");
  });
});
