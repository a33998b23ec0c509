// The importance-weighted bound (10): seeded Monte Carlo estimates below log p(x), rising with K.
import {describe, expect, test} from "vitest";
import {iwaeEstimates, kSteps, summarize} from "../../../src/math/iwae.js";
import {decoderModel, decoders} from "../../../src/math/latentModel.js";
import {gridPosterior} from "../../../src/math/gridPosterior.js";
import {elboParts, linearGaussianModel, logEvidence, posterior} from "../../../src/math/linearGaussian.js";

const settings = [
  {x: 1.5, p: {w: 1, s: 0.7}, q: {mean: 0, variance: 1}}, // the chapter's start: q is the prior
  {x: 2, p: {w: 1.5, s: 0.8}, q: {mean: -0.5, variance: 1}},
  {x: -1, p: {w: 2, s: 0.5}, q: {mean: -0.2, variance: 0.05}} // a narrow q off the posterior: heavy-tailed weights
];

describe("iwaeEstimates", () => {
  for (const [i, {x, p, q}] of settings.entries()) {
    const lp = logEvidence(x, p);
    const r = iwaeEstimates(linearGaussianModel(x, p), q, {seed: 1});

    test(`IWAE_K is never above log p(x) beyond Monte Carlo error (setting ${i + 1})`, () => {
      for (const s of r.summaries) expect(s.mean).toBeLessThanOrEqual(lp + 3 * s.se + 1e-12);
    });

    test(`IWAE_K rises with K (setting ${i + 1})`, () => {
      // Each step up in K: no fall beyond 3 standard errors; and clear rises across decades.
      for (let j = 1; j < r.summaries.length; j++) {
        const a = r.summaries[j - 1], b = r.summaries[j];
        expect(b.mean).toBeGreaterThanOrEqual(a.mean - 3 * Math.hypot(a.se, b.se));
      }
      const at = (k: number) => r.summaries[r.ks.indexOf(k)];
      expect(at(10).mean).toBeGreaterThan(at(1).mean);
      expect(at(1000).mean).toBeGreaterThan(at(10).mean);
      expect(at(1000).sd).toBeLessThan(at(1).sd);
    });

    test(`IWAE_1 is the ELBO (8) within Monte Carlo error (setting ${i + 1})`, () => {
      const s = r.summaries[0];
      expect(Math.abs(s.mean - elboParts(x, p, q).elbo)).toBeLessThan(4 * s.se);
    });
  }

  test("iwaeEstimates at the chapter's start: IWAE_100 within 0.01 nats of log p(x), IWAE_1000 closer still", () => {
    const r = iwaeEstimates(linearGaussianModel(1.5, {w: 1, s: 0.7}), {mean: 0, variance: 1}, {seed: 1});
    const lp = logEvidence(1.5, {w: 1, s: 0.7});
    expect(Math.abs(r.summaries[r.ks.indexOf(100)].mean - lp)).toBeLessThan(0.01);
    expect(Math.abs(r.summaries[r.ks.indexOf(1000)].mean - lp)).toBeLessThan(3 * r.summaries[r.ks.indexOf(1000)].se);
  });

  test("iwaeEstimates(model, posterior) is log p(x) exactly, for every K and repetition", () => {
    const x = 1.5, p = {w: 1, s: 0.7};
    const r = iwaeEstimates(linearGaussianModel(x, p), posterior(x, p), {seed: 3, ks: [1, 7, 100], repetitions: 20});
    for (const row of r.estimates) for (const e of row) expect(Math.abs(e - logEvidence(x, p))).toBeLessThan(1e-9);
  });

  test("iwaeEstimates on the z² decoder stays below its grid log p(x) and rises toward it", () => {
    const model = decoderModel(decoders.square, 2, 0.5);
    const lp = gridPosterior(model).logEvidence;
    const r = iwaeEstimates(model, {mean: 1.33, variance: 0.0353}, {seed: 1});
    for (const s of r.summaries) expect(s.mean).toBeLessThanOrEqual(lp + 3 * s.se + 1e-12);
    // q covers one of two modes: every weight misses half the mass, so IWAE_K stays near log p(x) − log 2.
    expect(Math.abs(r.summaries[r.summaries.length - 1].mean - (lp - Math.log(2)))).toBeLessThan(0.05);
  });

  test("iwaeEstimates(…, {seed}) is reproducible and changes with the seed", () => {
    const model = linearGaussianModel(1.5, {w: 1, s: 0.7}), q = {mean: 0, variance: 1};
    const a = iwaeEstimates(model, q, {seed: 5, ks: [1, 10], repetitions: 50});
    const b = iwaeEstimates(model, q, {seed: 5, ks: [1, 10], repetitions: 50});
    const c = iwaeEstimates(model, q, {seed: 6, ks: [1, 10], repetitions: 50});
    expect(Array.from(a.estimates[1])).toEqual(Array.from(b.estimates[1]));
    expect(Array.from(a.estimates[1])).not.toEqual(Array.from(c.estimates[1]));
  });

  test("kSteps runs from 1 to 1000, increasing", () => {
    expect(kSteps[0]).toBe(1);
    expect(kSteps[kSteps.length - 1]).toBe(1000);
    for (let i = 1; i < kSteps.length; i++) expect(kSteps[i]).toBeGreaterThan(kSteps[i - 1]);
  });

  test("summarize(k, values) gives mean, sample sd, se and interpolated quantiles", () => {
    const s = summarize(3, [1, 2, 3, 4, 5]);
    expect(s).toMatchObject({k: 3, mean: 3, q50: 3});
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(s.se).toBeCloseTo(Math.sqrt(2.5 / 5), 12);
    expect(s.q10).toBeCloseTo(1.4, 12);
    expect(s.q90).toBeCloseTo(4.6, 12);
  });

  test("iwaeEstimates with bad options names the value", () => {
    const model = linearGaussianModel(1, {w: 1, s: 1}), q = {mean: 0, variance: 1};
    expect(() => iwaeEstimates(model, q, {seed: 1, ks: [1, 1]})).toThrow("invalid ks: [1, 1]; expected increasing integers ≥ 1");
    expect(() => iwaeEstimates(model, q, {seed: 1, repetitions: 1})).toThrow("invalid repetitions: 1");
    expect(() => iwaeEstimates(model, q, {seed: 0.5})).toThrow("invalid seed: 0.5");
  });
});
