// Settings of the annealing lab (./annealing.ts), without TensorFlow.js: the page checks them on its main thread and
// draws the chosen schedule from them. One run of the collapse VAE (../models/collapseVae.ts) on MNIST with the KL
// weight β set at every step by a schedule (../math/klSchedules.ts), or with free bits (../math/freeBits.ts).
import type {LabSpec} from "../train/lab.js";
import {validateCollapseVaeConfig} from "../models/collapseVaeConfig.js";
import {schedule as makeSchedule, validateSchedule, type Schedule, type ScheduleSpec} from "../math/klSchedules.js";

/** "none" is β = 1 throughout (the ELBO); "freeBits" is β = 1 with each dimension's KL floored at λ. */
export const annealingKinds = ["none", "linear", "cyclical", "sigmoid", "constant", "freeBits"] as const;
export type AnnealingKind = (typeof annealingKinds)[number];

export interface AnnealingSettings {
  seed: number;
  /** Image side: 14 (MNIST averaged over 2×2 blocks, the default: fast) or 28. */
  side: number;
  latentDim: number;
  decoder: "autoregressive" | "mlp";
  lr: number;
  batchSize: number;
  kind: AnnealingKind;
  /** linear: W, steps of the warm-up from β = 0 to 1. */
  warmup: number;
  /** cyclical: T steps, M cycles, rising for the proportion R of each. */
  total: number;
  cycles: number;
  ratio: number;
  /** sigmoid: centre c (steps) and steepness k (per step). */
  centre: number;
  steepness: number;
  /** constant: β. */
  beta: number;
  /** freeBits: λ, nats per dimension. */
  lambda: number;
  /** Measure active units on the held-out probe images every this many steps. */
  probeEvery: number;
}

export const annealingDefaults: AnnealingSettings = {
  seed: 0,
  side: 14,
  latentDim: 8,
  decoder: "autoregressive",
  lr: 0.003,
  batchSize: 64,
  kind: "none",
  warmup: 300,
  total: 600,
  cycles: 3,
  ratio: 0.5,
  centre: 200,
  steepness: 0.03,
  beta: 0.2,
  lambda: 0.5,
  probeEvery: 10
};

/** The β schedule of the settings, as a klSchedules spec ("none" and "freeBits" are the constant β = 1). */
export function scheduleSpec(s: AnnealingSettings): ScheduleSpec {
  switch (s.kind) {
    case "linear": return {kind: "linear", warmup: s.warmup};
    case "cyclical": return {kind: "cyclical", total: s.total, cycles: s.cycles, ratio: s.ratio};
    case "sigmoid": return {kind: "sigmoid", centre: s.centre, steepness: s.steepness};
    case "constant": return {kind: "constant", beta: s.beta};
    default: return {kind: "constant", beta: 1};
  }
}

export function annealingSchedule(s: AnnealingSettings): Schedule {
  return makeSchedule(scheduleSpec(s));
}

/** A short name of the settings' schedule for legends: "none (β = 1)", "cyclical M = 3, R = 0.5", … */
export function describeSchedule(s: AnnealingSettings): string {
  switch (s.kind) {
    case "none": return "none (β = 1)";
    case "linear": return `linear warm-up, W = ${s.warmup}`;
    case "cyclical": return `cyclical, T = ${s.total}, M = ${s.cycles}, R = ${s.ratio}`;
    case "sigmoid": return `sigmoid, c = ${s.centre}, k = ${s.steepness}`;
    case "constant": return `constant β = ${s.beta}`;
    case "freeBits": return `free bits, λ = ${s.lambda} nats per dimension`;
  }
}

function checkInt(name: string, v: unknown, lo: number, hi: number): string | null {
  return typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi ? null : `invalid ${name}: ${v}; expected an integer in [${lo}, ${hi}]`;
}

/** null when valid, else a message naming the first bad value. */
export function checkAnnealing(s: AnnealingSettings): string | null {
  if (s == null || typeof s !== "object") return `invalid settings: ${s}; expected an object`;
  if (!annealingKinds.includes(s.kind)) return `invalid kind: ${JSON.stringify(s.kind)}; expected one of ${annealingKinds.join(", ")}`;
  const ints = checkInt("seed", s.seed, 0, 2 ** 31 - 1) ?? checkInt("batchSize", s.batchSize, 1, 512) ?? checkInt("probeEvery", s.probeEvery, 1, 1000);
  if (ints) return ints;
  if (typeof s.lr !== "number" || !(s.lr > 0 && s.lr <= 0.1)) return `invalid lr: ${s.lr}; expected a number in (0, 0.1]`;
  try {
    validateCollapseVaeConfig({side: s.side, latentDim: s.latentDim, decoder: s.decoder});
    if (s.kind === "freeBits" && !(typeof s.lambda === "number" && s.lambda > 0 && s.lambda <= 10)) return `invalid lambda: ${s.lambda}; expected a number in (0, 10] nats`;
    if (s.kind !== "none" && s.kind !== "freeBits") {
      // klSchedules names fields "linear.warmup", …; the settings call them "warmup", …
      validateSchedule(scheduleSpec(s));
    }
  } catch (e) {
    return (e as Error).message.replace(/invalid (linear|cyclical|sigmoid|constant)\./, "invalid ");
  }
  return null;
}

export const annealingSpec: LabSpec<AnnealingSettings> = {
  name: "the annealing lab",
  defaults: annealingDefaults,
  check: checkAnnealing,
  // Any change but the learning rate starts the run again, so the run always follows the schedule drawn beside it.
  resetKeys: ["seed", "side", "latentDim", "decoder", "batchSize", "kind", "warmup", "total", "cycles", "ratio", "centre", "steepness", "beta", "lambda", "probeEvery"]
};
