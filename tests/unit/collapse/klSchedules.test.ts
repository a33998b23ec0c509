import {describe, expect, it} from "vitest";
import {constant, cyclical, linearWarmup, sampleSchedule, schedule, sigmoidSchedule, validateSchedule, type ScheduleSpec} from "../../../src/math/klSchedules.js";

const TOL = 1e-12;

describe("cyclical", () => {
  const issue = {total: 40000, cycles: 4, ratio: 0.5};

  it("cyclical(t, {total: 40000, cycles: 4, ratio: 0.5}) gives the issue's values at 0, 2500, 5000, 9999, 10000", () => {
    expect(cyclical(0, issue)).toBe(0);
    expect(cyclical(2500, issue)).toBe(0.5);
    expect(cyclical(5000, issue)).toBe(1);
    expect(cyclical(9999, issue)).toBe(1);
    expect(cyclical(10000, issue)).toBe(0);
  });

  it("cyclical(t, …) repeats with period T/M and rises linearly over the first R of each cycle", () => {
    for (const t of [0, 1, 1250, 2500, 3333, 4999, 5000, 7000, 9999]) {
      for (let m = 1; m < 4; m++) expect(cyclical(t + 10000 * m, issue)).toBeCloseTo(cyclical(t, issue), 12);
    }
    expect(cyclical(1250, issue)).toBeCloseTo(0.25, 12);
    expect(cyclical(4999, issue)).toBeCloseTo(4999 / 5000, 12);
    expect(cyclical(39999, issue)).toBe(1);
  });

  it("cyclical(t, …) stays at beta1 from step T on", () => {
    for (const t of [40000, 40001, 42500, 1e6]) expect(cyclical(t, issue)).toBe(1);
    expect(cyclical(50000, {...issue, beta0: 0.1, beta1: 0.6})).toBe(0.6);
  });

  it("cyclical(t, …) maps into [beta0, beta1], with ratio 1 a sawtooth", () => {
    const s = {total: 100, cycles: 4, ratio: 1, beta0: 0.2, beta1: 0.8};
    expect(cyclical(0, s)).toBeCloseTo(0.2, 12);
    expect(cyclical(12.5, s)).toBeCloseTo(0.5, 12); // halfway through the first cycle of 25 steps
    expect(cyclical(24, s)).toBeCloseTo(0.2 + 0.6 * (24 / 25), 12);
    expect(cyclical(25, s)).toBeCloseTo(0.2, 12);
  });

  it("cyclical(t, …) with M not dividing T follows Fu et al.: τ = (t mod ⌈T/M⌉)/(T/M), every cycle starting at β₀ on an integer step", () => {
    // T = 100, M = 3: cycles start at 0, 34 and 68 (⌈33⅓⌉ = 34); τ is measured in units of T/M = 33⅓ steps.
    const s = {total: 100, cycles: 3, ratio: 0.5};
    for (const start of [0, 34, 68]) {
      expect(cyclical(start, s)).toBe(0);
      expect(cyclical(start + 10, s)).toBeCloseTo(10 / (100 / 3) / 0.5, 12); // 0.6
      expect(cyclical(start + 16, s)).toBeCloseTo(16 / (100 / 3) / 0.5, 12); // 0.96: the rise lasts R·T/M = 16⅔ steps
      expect(cyclical(start + 17, s)).toBe(1);
    }
    expect(cyclical(33, s)).toBe(1); // the end of the first cycle, still held
    expect(cyclical(99, s)).toBe(1); // the last cycle is the short one (68 … 99)
    // The knots of the plotted schedule are the same steps.
    const at = new Map(sampleSchedule({kind: "cyclical", ...s}, 100, 2).map((p) => [p.step, p.beta]));
    expect([...at.keys()].sort((a, b) => a - b)).toEqual([0, 17, 33, 34, 51, 67, 68, 85, 99]);
    expect([33, 34, 67, 68].map((t) => at.get(t))).toEqual([1, 0, 1, 0]);
  });
});

describe("linearWarmup", () => {
  it("linearWarmup(t, {warmup: W}) goes from 0 to 1 over W steps, then stays", () => {
    expect(linearWarmup(0, {warmup: 1000})).toBe(0);
    expect(linearWarmup(250, {warmup: 1000})).toBe(0.25);
    expect(linearWarmup(1000, {warmup: 1000})).toBe(1);
    expect(linearWarmup(5000, {warmup: 1000})).toBe(1);
  });

  it("linearWarmup(t, {beta0, beta1, warmup}) interpolates from beta0 to beta1; warmup 0 is beta1 at once", () => {
    const s = {beta0: 0.1, beta1: 0.5, warmup: 200};
    expect(linearWarmup(0, s)).toBeCloseTo(0.1, 12);
    expect(linearWarmup(100, s)).toBeCloseTo(0.3, 12);
    expect(linearWarmup(300, s)).toBeCloseTo(0.5, 12);
    expect(linearWarmup(0, {warmup: 0, beta1: 0.7})).toBe(0.7);
    expect(linearWarmup(10, {beta0: 1, beta1: 0, warmup: 20})).toBe(0.5); // a decreasing schedule is allowed
  });
});

describe("sigmoidSchedule", () => {
  it("sigmoidSchedule(t, {centre, steepness}) is ½ at the centre, symmetric about it, and tends to 0 and 1", () => {
    const s = {centre: 5000, steepness: 0.002};
    expect(sigmoidSchedule(5000, s)).toBe(0.5);
    for (const d of [1, 100, 1000, 3000]) expect(sigmoidSchedule(5000 + d, s) + sigmoidSchedule(5000 - d, s)).toBeCloseTo(1, 12);
    expect(sigmoidSchedule(5000 + 1000, s)).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect(sigmoidSchedule(0, s)).toBeLessThan(1e-4);
    expect(sigmoidSchedule(1e5, s)).toBeCloseTo(1, 12);
  });

  it("sigmoidSchedule(t, {…, beta0, beta1}) spans [beta0, beta1] and rises with slope k·(beta1 − beta0)/4 at the centre", () => {
    const s = {centre: 100, steepness: 0.05, beta0: 0.2, beta1: 0.6};
    expect(sigmoidSchedule(100, s)).toBeCloseTo(0.4, 12);
    const h = 1e-3;
    const slope = (sigmoidSchedule(100 + h, s) - sigmoidSchedule(100 - h, s)) / (2 * h);
    expect(slope).toBeCloseTo((0.05 * 0.4) / 4, 8);
  });
});

describe("constant", () => {
  it("constant(t, {beta}) is beta at every step, 1 by default", () => {
    for (const t of [0, 1, 1e6]) {
      expect(constant(t, {beta: 0.3})).toBe(0.3);
      expect(constant(t)).toBe(1);
    }
  });
});

describe("schedule", () => {
  const specs: ScheduleSpec[] = [
    {kind: "linear", warmup: 700, beta0: 0.1},
    {kind: "cyclical", total: 40000, cycles: 4, ratio: 0.5},
    {kind: "sigmoid", centre: 300, steepness: 0.01, beta1: 2},
    {kind: "constant", beta: 0.25}
  ];

  it("schedule(spec) equals the pure function of its kind at every step tried", () => {
    const direct = [
      (t: number) => linearWarmup(t, {warmup: 700, beta0: 0.1}),
      (t: number) => cyclical(t, {total: 40000, cycles: 4, ratio: 0.5}),
      (t: number) => sigmoidSchedule(t, {centre: 300, steepness: 0.01, beta1: 2}),
      (t: number) => constant(t, {beta: 0.25})
    ];
    specs.forEach((spec, i) => {
      const f = schedule(spec);
      for (const t of [0, 1, 299, 300, 350, 699, 700, 2500, 9999, 10000, 40000]) expect(Math.abs(f(t) - direct[i](t))).toBeLessThanOrEqual(TOL);
    });
    expect(schedule({kind: "cyclical", total: 40000, cycles: 4, ratio: 0.5})(2500)).toBe(0.5);
  });

  it("validateSchedule(spec) fills in defaults", () => {
    expect(validateSchedule({kind: "linear", warmup: 10})).toEqual({kind: "linear", beta0: 0, beta1: 1, warmup: 10});
    expect(validateSchedule({kind: "constant"})).toEqual({kind: "constant", beta: 1});
    expect(validateSchedule({kind: "cyclical", total: 10, cycles: 2, ratio: 0.5})).toEqual({kind: "cyclical", total: 10, cycles: 2, ratio: 0.5, beta0: 0, beta1: 1});
  });

  it("schedule(spec) rejects bad specs with a message naming the value", () => {
    const bad = (spec: unknown) => () => schedule(spec as ScheduleSpec);
    expect(bad({kind: "cosine"})).toThrow('invalid schedule kind: "cosine"; expected one of linear, cyclical, sigmoid, constant');
    expect(bad({})).toThrow("invalid schedule kind: undefined");
    expect(bad(null)).toThrow("invalid schedule: null");
    expect(bad({kind: "linear", warmup: -5})).toThrow("invalid linear.warmup: -5; expected an integer ≥ 0");
    expect(bad({kind: "linear"})).toThrow("invalid linear.warmup: undefined");
    expect(bad({kind: "linear", warmup: 10, warmUp: 5})).toThrow("unknown linear schedule field: warmUp; expected beta0, beta1, warmup");
    expect(bad({kind: "linear", warmup: 10, beta1: NaN})).toThrow("invalid linear.beta1: NaN; expected a number in [0, 100]");
    expect(bad({kind: "cyclical", total: 40000, cycles: 4, ratio: 1.5})).toThrow("invalid cyclical.ratio: 1.5; expected a number in (0, 1]");
    expect(bad({kind: "cyclical", total: 40000, cycles: 4, ratio: 0})).toThrow("invalid cyclical.ratio: 0");
    expect(bad({kind: "cyclical", total: 40000, cycles: 2.5, ratio: 0.5})).toThrow("invalid cyclical.cycles: 2.5; expected an integer in [1, total = 40000]");
    expect(bad({kind: "cyclical", total: 3, cycles: 4, ratio: 0.5})).toThrow("invalid cyclical.cycles: 4; expected an integer in [1, total = 3]");
    expect(bad({kind: "cyclical", total: 0, cycles: 1, ratio: 0.5})).toThrow("invalid cyclical.total: 0; expected an integer ≥ 1");
    expect(bad({kind: "sigmoid", centre: 10, steepness: 0})).toThrow("invalid sigmoid.steepness: 0; expected a number > 0");
    expect(bad({kind: "sigmoid", centre: Infinity, steepness: 1})).toThrow("invalid sigmoid.centre: Infinity; expected a finite number");
    expect(bad({kind: "constant", beta: -0.1})).toThrow("invalid constant.beta: -0.1; expected a number in [0, 100]");
  });

  it("schedule(spec)(t) rejects a negative or non-finite step", () => {
    const f = schedule({kind: "constant"});
    expect(() => f(-1)).toThrow("invalid step: -1; expected a number ≥ 0");
    expect(() => f(NaN)).toThrow("invalid step: NaN");
  });
});

describe("sampleSchedule", () => {
  it("sampleSchedule(spec, steps, n) covers 0 … steps − 1 with sorted distinct steps and β from the schedule", () => {
    const spec: ScheduleSpec = {kind: "sigmoid", centre: 500, steepness: 0.01};
    const pts = sampleSchedule(spec, 1000, 50);
    expect(pts.length).toBe(50);
    expect(pts[0].step).toBe(0);
    expect(pts[pts.length - 1].step).toBe(999);
    for (let i = 1; i < pts.length; i++) expect(pts[i].step).toBeGreaterThan(pts[i - 1].step);
    const f = schedule(spec);
    for (const p of pts) expect(p.beta).toBe(f(p.step));
  });

  it("sampleSchedule(cyclical, …) includes each drop (the step before a cycle and its first step) and each ramp end", () => {
    const pts = sampleSchedule({kind: "cyclical", total: 40000, cycles: 4, ratio: 0.5}, 40000, 20);
    const at = new Map(pts.map((p) => [p.step, p.beta]));
    for (const m of [1, 2, 3]) {
      expect(at.get(10000 * m - 1)).toBe(1);
      expect(at.get(10000 * m)).toBe(0);
      expect(at.get(10000 * m + 5000)).toBe(1);
    }
    expect(at.get(5000)).toBe(1);
    expect(at.has(40000)).toBe(false); // outside the run
  });

  it("sampleSchedule(linear, …) includes the end of the warm-up", () => {
    const pts = sampleSchedule({kind: "linear", warmup: 250}, 1000, 10); // the even grid is 0, 111, 222, 333, …
    expect(pts.find((p) => p.step === 250)?.beta).toBe(1);
    expect(pts.length).toBe(11);
  });

  it("sampleSchedule(spec, steps, n) rejects bad sizes", () => {
    expect(() => sampleSchedule({kind: "constant"}, 0)).toThrow("invalid steps: 0; expected an integer ≥ 1");
    expect(() => sampleSchedule({kind: "constant"}, 10, 1)).toThrow("invalid n: 1; expected an integer ≥ 2");
  });
});
