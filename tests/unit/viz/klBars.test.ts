// @vitest-environment jsdom
import {describe, expect, test} from "vitest";
import {describeKl, klBars} from "../../../src/viz/klBars.js";
import {muted, okabeIto} from "../../../src/viz/palette.js";
import {describedText, stableMarkup} from "./helpers.js";

const kl = Float32Array.of(0.002, 2.5, 0.8, 0);

describe("klBars", () => {
  test("klBars(klPerDim) renders the same SVG as before", async () => {
    await expect(stableMarkup(klBars(kl))).toMatchFileSnapshot("__snapshots__/klBars.html");
  });

  test("klBars(klPerDim) states how many dimensions are active and the largest", () => {
    const svg = klBars(kl).querySelector("svg[role=img]")!;
    expect(svg.getAttribute("aria-label")).toBe("KL divergence per latent dimension");
    expect(describedText(svg)).toBe(
      "2 of 4 latent dimensions are active (KL ≥ 0.01 nats): dimensions 2, 3. " +
        "The largest is dimension 2 with 2.50 nats; the total KL is 3.30 nats."
    );
  });

  test("klBars(klPerDim) colours inactive bars grey and crosses them", () => {
    const el = klBars(kl);
    const fills = [...el.querySelectorAll("svg[role=img] rect")].map((r) => r.getAttribute("fill"));
    expect(fills).toEqual([muted, okabeIto.blue, okabeIto.blue, muted]);
    // One cross (Plot's "times" symbol) per inactive dimension.
    expect(el.querySelectorAll(`g[stroke="${muted}"] path`)).toHaveLength(2);
    expect(el.querySelector(".vae-viz-legend")!.textContent).toContain("inactive (KL < 0.01 nats)");
  });

  test("klBars(klPerDim, {inactiveBelow: 1, indexBase: 0}) moves the threshold and numbers from 0", () => {
    const svg = klBars(kl, {inactiveBelow: 1, indexBase: 0}).querySelector("svg[role=img]")!;
    expect(describedText(svg)).toBe(
      "1 of 4 latent dimensions is active (KL ≥ 1.00 nats): dimension 1. The largest is dimension 1 with 2.50 nats; the total KL is 3.30 nats."
    );
  });

  test("klBars(64 dimensions) labels every few ticks so they do not overlap", () => {
    const el = klBars(new Float32Array(64).fill(0.5));
    const labels = [...el.querySelectorAll("svg[role=img] text")].map((t) => t.textContent);
    expect(labels).toContain("1");
    expect(labels).toContain("64");
    expect(labels).not.toContain("2");
  });

  test("klBars(klPerDim).update(next) redraws in place", () => {
    const el = klBars(kl);
    el.update([0, 0, 0, 0]);
    expect(el.querySelectorAll("svg[role=img]")).toHaveLength(1);
    expect(describedText(el.querySelector("svg[role=img]")!)).toMatch(/^None of the 4 latent dimensions is active/);
  });

  test("klBars(bad input) names the bad value", () => {
    expect(() => klBars([])).toThrow("invalid klPerDim: length 0; expected at least one latent dimension");
    expect(() => klBars("1,2" as never)).toThrow('invalid klPerDim: "1,2"; expected an array or typed array of numbers');
    expect(() => klBars(kl, {inactiveBelow: -1})).toThrow("invalid inactiveBelow: -1; expected a number ≥ 0");
    expect(() => klBars(kl, {indexBase: 2 as never})).toThrow("invalid indexBase: 2; expected 0 or 1");
  });
});

describe("describeKl", () => {
  test("describeKl(all active) does not list them", () => {
    expect(describeKl([1, 2], 0.01)).toBe(
      "2 of 2 latent dimensions are active (KL ≥ 0.01 nats). The largest is dimension 2 with 2.00 nats; the total KL is 3.00 nats."
    );
  });

  test("describeKl(none active) says so", () => {
    expect(describeKl([0.001, 0.0042], 0.01)).toBe(
      "None of the 2 latent dimensions is active: all have KL below 0.01 nats. The largest is dimension 2 with 0.0042 nats; the total KL is 0.0052 nats."
    );
  });
});
