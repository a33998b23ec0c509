import {describe, expect, it} from "vitest";
import {annealingDefaults, annealingSchedule, checkAnnealing, describeSchedule, scheduleSpec, type AnnealingSettings} from "../../../src/labs/annealingSpec.js";

const s = (over: Partial<AnnealingSettings>) => ({...annealingDefaults, ...over}) as AnnealingSettings;

describe("annealingSpec", () => {
  it("annealingSchedule(settings) is β = 1 for none and freeBits, and the klSchedules function otherwise", () => {
    expect(annealingSchedule(s({kind: "none"}))(123)).toBe(1);
    expect(annealingSchedule(s({kind: "freeBits"}))(0)).toBe(1);
    expect(annealingSchedule(s({kind: "linear", warmup: 300}))(150)).toBe(0.5);
    const cyc = annealingSchedule(s({kind: "cyclical", total: 40000, cycles: 4, ratio: 0.5}));
    expect([0, 2500, 5000, 9999, 10000].map(cyc)).toEqual([0, 0.5, 1, 1, 0]);
    expect(annealingSchedule(s({kind: "sigmoid", centre: 200, steepness: 0.03}))(200)).toBe(0.5);
    expect(annealingSchedule(s({kind: "constant", beta: 0.2}))(5)).toBe(0.2);
    expect(scheduleSpec(s({kind: "linear", warmup: 7}))).toEqual({kind: "linear", warmup: 7});
    expect(describeSchedule(s({kind: "freeBits", lambda: 0.5}))).toBe("free bits, λ = 0.5 nats per dimension");
  });

  it("checkAnnealing(settings) accepts the defaults and names each bad value", () => {
    expect(checkAnnealing(annealingDefaults)).toBeNull();
    expect(checkAnnealing(s({kind: "cosine" as never}))).toBe('invalid kind: "cosine"; expected one of none, linear, cyclical, sigmoid, constant, freeBits');
    expect(checkAnnealing(s({kind: "cyclical", ratio: 1.5}))).toBe("invalid ratio: 1.5; expected a number in (0, 1]");
    expect(checkAnnealing(s({kind: "cyclical", cycles: 0}))).toBe("invalid cycles: 0; expected an integer in [1, total = 600]");
    expect(checkAnnealing(s({kind: "linear", warmup: -1}))).toBe("invalid warmup: -1; expected an integer ≥ 0");
    expect(checkAnnealing(s({kind: "sigmoid", steepness: 0}))).toBe("invalid steepness: 0; expected a number > 0");
    expect(checkAnnealing(s({kind: "constant", beta: -0.5}))).toBe("invalid beta: -0.5; expected a number in [0, 100]");
    expect(checkAnnealing(s({kind: "freeBits", lambda: 0}))).toBe("invalid lambda: 0; expected a number in (0, 10] nats");
    expect(checkAnnealing(s({kind: "linear", ratio: 7}))).toBeNull(); // other kinds' fields are not checked
    expect(checkAnnealing(s({side: 20}))).toBe("invalid side: 20; expected 28 or 14");
    expect(checkAnnealing(s({lr: 1}))).toBe("invalid lr: 1; expected a number in (0, 0.1]");
    expect(checkAnnealing(s({seed: 1.5}))).toBe("invalid seed: 1.5; expected an integer in [0, 2147483647]");
  });
});
