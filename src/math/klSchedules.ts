// KL annealing: the weight β on the KL term as a pure function of the training step t = 0, 1, 2, …
// (the step about to be taken: the trainer's `stepCount` before `step()`). Plain numbers, no tfjs.
//   linear    β(t) = β₀ + (β₁ − β₀)·min(1, t/W)                      warm-up over W steps (Sønderby et al. 2016)
//   cyclical  τ = (t mod ⌈T/M⌉)/(T/M);  β(t) = β₀ + (β₁ − β₀)·min(1, τ/R)   for t < T; β₁ from T on
//             M cycles over T steps, β rising over the first proportion R of each cycle, then held
//             (Fu et al. 2019, "Cyclical Annealing Schedule", section 3, with a linear rise: τ = mod(t − 1, ⌈T/M⌉)/(T/M);
//             their t counts from 1 and ours from 0, so β(0) = β₀). Each cycle starts at an integer step, a
//             multiple of ⌈T/M⌉, at β₀ exactly; when M does not divide T the last cycle is the shorter one.
//   sigmoid   β(t) = β₀ + (β₁ − β₀)·σ(k·(t − c))                    centre c, steepness k per step (the
//             logistic KL-cost annealing of Bowman et al. 2016)
//   constant  β(t) = β                                              (β < 1: the under-weighted KL)
// Free bits, the other fix of the chapter, is a change of the KL term, not of β: see freeBits.ts.

export interface LinearSchedule {
  kind: "linear";
  /** β at step 0 (default 0). */
  beta0?: number;
  /** β from step `warmup` on (default 1). */
  beta1?: number;
  /** W: steps to go from beta0 to beta1; 0 means beta1 from the start. */
  warmup: number;
}

export interface CyclicalSchedule {
  kind: "cyclical";
  /** T: steps the M cycles span; from step T on, β stays at beta1. */
  total: number;
  /** M: number of cycles in T steps (an integer ≥ 1). */
  cycles: number;
  /** R: proportion of each cycle spent rising, in (0, 1]; β = beta1 for the rest of the cycle. */
  ratio: number;
  /** β at the start of each cycle (default 0). */
  beta0?: number;
  /** β after the rise (default 1). */
  beta1?: number;
}

export interface SigmoidSchedule {
  kind: "sigmoid";
  /** c: the step at which β is halfway between beta0 and beta1. */
  centre: number;
  /** k > 0, per step: the slope at the centre is k·(beta1 − beta0)/4; over the 4/k steps around it β goes 12% → 88% of the way. */
  steepness: number;
  /** β long before the centre (default 0). */
  beta0?: number;
  /** β long after the centre (default 1). */
  beta1?: number;
}

export interface ConstantSchedule {
  kind: "constant";
  /** β at every step (default 1, the ELBO). */
  beta?: number;
}

export type ScheduleSpec = LinearSchedule | CyclicalSchedule | SigmoidSchedule | ConstantSchedule;
export type ScheduleKind = ScheduleSpec["kind"];

/** β as a function of the step. */
export type Schedule = (step: number) => number;

export const scheduleKinds: readonly ScheduleKind[] = ["linear", "cyclical", "sigmoid", "constant"];

const fields: Record<ScheduleKind, readonly string[]> = {
  linear: ["kind", "beta0", "beta1", "warmup"],
  cyclical: ["kind", "total", "cycles", "ratio", "beta0", "beta1"],
  sigmoid: ["kind", "centre", "steepness", "beta0", "beta1"],
  constant: ["kind", "beta"]
};

/** The largest β a schedule may reach, as for the VAE's own β. */
const BETA_MAX = 100;

function checkNumber(name: string, v: unknown, ok: (x: number) => boolean, expected: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || !ok(v)) throw new Error(`invalid ${name}: ${v}; expected ${expected}`);
  return v;
}
const checkBeta = (name: string, v: unknown) => checkNumber(name, v, (x) => x >= 0 && x <= BETA_MAX, `a number in [0, ${BETA_MAX}]`);
const checkStep = (step: number) => checkNumber("step", step, (x) => x >= 0, "a number ≥ 0");

/** Defaults filled in; throws a message naming the first bad or unknown field. */
export function validateSchedule(spec: ScheduleSpec): Required<ScheduleSpec> {
  if (spec == null || typeof spec !== "object") throw new Error(`invalid schedule: ${spec}; expected an object {kind, …}`);
  const kind = (spec as {kind: unknown}).kind;
  if (!scheduleKinds.includes(kind as ScheduleKind)) {
    throw new Error(`invalid schedule kind: ${JSON.stringify(kind)}; expected one of ${scheduleKinds.join(", ")}`);
  }
  const k = kind as ScheduleKind;
  for (const key of Object.keys(spec)) {
    if (!fields[k].includes(key)) throw new Error(`unknown ${k} schedule field: ${key}; expected ${fields[k].slice(1).join(", ")}`);
  }
  switch (spec.kind) {
    case "linear": {
      const {beta0 = 0, beta1 = 1, warmup} = spec;
      checkBeta("linear.beta0", beta0); checkBeta("linear.beta1", beta1);
      checkNumber("linear.warmup", warmup, (x) => Number.isInteger(x) && x >= 0, "an integer ≥ 0");
      return {kind: "linear", beta0, beta1, warmup};
    }
    case "cyclical": {
      const {total, cycles, ratio, beta0 = 0, beta1 = 1} = spec;
      checkNumber("cyclical.total", total, (x) => Number.isInteger(x) && x >= 1, "an integer ≥ 1");
      checkNumber("cyclical.cycles", cycles, (x) => Number.isInteger(x) && x >= 1 && x <= total, `an integer in [1, total = ${total}]`);
      checkNumber("cyclical.ratio", ratio, (x) => x > 0 && x <= 1, "a number in (0, 1]");
      checkBeta("cyclical.beta0", beta0); checkBeta("cyclical.beta1", beta1);
      return {kind: "cyclical", total, cycles, ratio, beta0, beta1};
    }
    case "sigmoid": {
      const {centre, steepness, beta0 = 0, beta1 = 1} = spec;
      checkNumber("sigmoid.centre", centre, () => true, "a finite number");
      checkNumber("sigmoid.steepness", steepness, (x) => x > 0, "a number > 0");
      checkBeta("sigmoid.beta0", beta0); checkBeta("sigmoid.beta1", beta1);
      return {kind: "sigmoid", centre, steepness, beta0, beta1};
    }
    case "constant": {
      const {beta = 1} = spec;
      checkBeta("constant.beta", beta);
      return {kind: "constant", beta};
    }
  }
}

/** Linear warm-up: β₀ + (β₁ − β₀)·min(1, t/W). */
export function linearWarmup(step: number, {beta0 = 0, beta1 = 1, warmup}: Omit<LinearSchedule, "kind">): number {
  checkStep(step);
  const f = warmup === 0 ? 1 : Math.min(1, step / warmup);
  return beta0 + (beta1 - beta0) * f;
}

/** The steps between cycle starts, ⌈T/M⌉, as in Fu et al. (a cycle starts at an integer step). */
const cycleLength = (total: number, cycles: number): number => Math.ceil(total / cycles);

/**
 * Cyclical annealing (Fu et al. 2019): τ = (t mod ⌈T/M⌉)/(T/M), β rises linearly while τ < R and is held
 * at β₁ for the rest of the cycle; from step T on (training past the planned T steps) β stays at β₁.
 * T = 40000, M = 4, R = 0.5: β(0) = 0, β(2500) = 0.5, β(5000) = 1, β(9999) = 1, β(10000) = 0.
 */
export function cyclical(step: number, {total, cycles, ratio, beta0 = 0, beta1 = 1}: Omit<CyclicalSchedule, "kind">): number {
  checkStep(step);
  if (step >= total) return beta1;
  const tau = (step % cycleLength(total, cycles)) / (total / cycles); // position within the cycle
  return beta0 + (beta1 - beta0) * Math.min(1, tau / ratio);
}

/** Sigmoid annealing: β₀ + (β₁ − β₀)·σ(k·(t − c)); β(c) is halfway. */
export function sigmoidSchedule(step: number, {centre, steepness, beta0 = 0, beta1 = 1}: Omit<SigmoidSchedule, "kind">): number {
  checkStep(step);
  return beta0 + (beta1 - beta0) / (1 + Math.exp(-steepness * (step - centre)));
}

/** Constant β. */
export function constant(step: number, {beta = 1}: Omit<ConstantSchedule, "kind"> = {}): number {
  checkStep(step);
  return beta;
}

/** The schedule of a plain spec object, validated once: `schedule({kind: "linear", warmup: 1000})(500)` is 0.5. */
export function schedule(spec: ScheduleSpec): Schedule {
  const s = validateSchedule(spec);
  switch (s.kind) {
    case "linear": return (t) => linearWarmup(t, s);
    case "cyclical": return (t) => cyclical(t, s);
    case "sigmoid": return (t) => sigmoidSchedule(t, s);
    case "constant": return (t) => constant(t, s);
  }
}

/** The steps where a schedule bends or jumps, within [0, last]: the ends of the warm-up and of each rise, each cycle's start and the step before it. */
function knots(s: Required<ScheduleSpec>, last: number): number[] {
  const out: number[] = [];
  if (s.kind === "linear") out.push(s.warmup);
  if (s.kind === "cyclical") {
    const length = cycleLength(s.total, s.cycles), rise = Math.ceil((s.ratio * s.total) / s.cycles);
    for (let m = 0; m <= s.cycles; m++) {
      const start = Math.min(m * length, s.total); // the last "start" is step T, where β stays at β₁
      out.push(start - 1, start, start + rise);
    }
  }
  return out.filter((t) => t >= 0 && t <= last);
}

/**
 * Points to plot the schedule over a run of `steps` steps (t = 0 … steps − 1): `n` evenly spaced integer steps plus
 * every knot (so a cyclical drop is drawn as a drop, not a slope), sorted, without repeats.
 */
export function sampleSchedule(spec: ScheduleSpec, steps: number, n = 200): {step: number; beta: number}[] {
  checkNumber("steps", steps, (x) => Number.isInteger(x) && x >= 1, "an integer ≥ 1");
  checkNumber("n", n, (x) => Number.isInteger(x) && x >= 2, "an integer ≥ 2");
  const s = validateSchedule(spec);
  const f = schedule(s);
  const last = steps - 1;
  const at = new Set<number>(knots(s, last));
  for (let i = 0; i < n; i++) at.add(Math.round((i * last) / (n - 1)));
  return [...at].sort((a, b) => a - b).map((step) => ({step, beta: f(step)}));
}
