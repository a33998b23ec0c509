// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {codec, codecs} from "../../../src/math/codecs.js";
import {codecGallery, runCaption} from "../../../src/viz/codecGallery.js";
import {codecPoints, pointCells} from "../../../src/viz/codecPoints.js";
import {codecRow, codecTable, formatBytes} from "../../../src/viz/codecTable.js";
import {describeRateDistortion, pointLabel, rateDistortion, type RatePoint} from "../../../src/viz/rateDistortion.js";
import {checkCodecCalculator, codecCalculator, codecCalculatorDefaults} from "../../../src/widgets/codecCalculator.js";
import {settingsFromAddress} from "../../../src/widgets/runtime/labEmbed.js";
import {latentChannels} from "../../../src/widgets/codecLabViews.js";
import {latentText} from "../../../src/widgets/codecLab.js";
import {decodeBytes, encodeBytes} from "../../../src/labs/codecReferenceData.js";
import {noCanvasContext} from "../viz/helpers.js";

const points: RatePoint[] = [
  {f: 4, c: 4, compression: 4, psnr: 22.4, ssim: 0.919, reference: true},
  {f: 8, c: 4, compression: 16, psnr: 16.1, ssim: 0.7, reference: true},
  {f: 2, c: 16, compression: 0.25, psnr: 30.2, ssim: 0.99, loss: "gaussian", beta: 1}
];

describe("codecTable", () => {
  it("codecRow(SD, 512, 512) is the 64×64×4 latent, 16,384 numbers, 48× fewer, 32 KiB in bf16", () => {
    expect(codecRow(codec("sd"), 512, 512, "bf16")).toEqual(["SD 1.x / 2.x", "Stable Diffusion 1.x, 2.x (U-Net)", "8", "4", "64×64×4", "16,384", "48×",
      "4,096 × 4 (p = 1)", "32 KiB", "0.18215", "—"]);
    expect(codecRow(codec("sd3"), 1024, 1024, "fp32").slice(4, 11)).toEqual(["128×128×16", "262,144", "12×", "4,096 × 64 (p = 2)", "1 MiB", "1.5305", "0.0609"]);
    expect(codecRow(codec("flux2"), 1024, 1024, "fp16")[6]).toBe("6×");
    expect(codecRow(codec("dcae-f32c32"), 520, 520, "fp16")[4]).toBe("does not fit (height: 520)");
    expect(formatBytes(1536)).toBe("1.50 KiB");
  });

  it("codecTable(codecs, h, w) has a caption, column headers and one row header per codec, and updates", () => {
    const el = codecTable(codecs, 512, 512, {dtype: "fp16", selected: "sd"});
    expect(el.querySelector("caption")?.textContent).toBe("Codecs at 512×512 pixels (memory of one latent in fp16)");
    expect(el.querySelectorAll("th[scope=col]")).toHaveLength(10);
    expect([...el.querySelectorAll("th[scope=row]")].map((t) => t.firstChild?.textContent)).toEqual(codecs.map((r) => r.name));
    expect(el.querySelector("tr[aria-current=true] th")?.textContent).toBe("SD 1.x / 2.xStable Diffusion 1.x, 2.x (U-Net)");
    el.update(1024, 768);
    expect(el.querySelector("caption")?.textContent).toContain("1,024×768");
    expect(() => el.update(0, 10)).toThrow("invalid height: 0");
  });
});

describe("codecCalculator", () => {
  it("codecCalculator() computes SD's latent at 512×512 and keeps the last good result on a bad value", () => {
    const el = codecCalculator({height: 512, width: 512, f: 8, c: 4, patch: 1, dtype: "fp16"});
    document.body.append(el);
    const dd = () => [...el.querySelectorAll("dd")].map((d) => d.textContent);
    expect(dd().slice(0, 5)).toEqual(["64×64×4", "16,384 (image: 786,432)", "48× fewer numbers", "4,096 of 4 numbers", "32 KiB"]);
    expect(el.set({height: 500})).toBe("invalid height: 500; f = 8 must divide it (try 504)");
    expect(el.querySelector(".codec-message")?.textContent).toContain("invalid height: 500");
    expect(el.value.latent.h).toBe(64); // unchanged
    expect(dd()[0]).toBe("64×64×4");
    expect(el.set({height: 1024, width: 1024, c: 16, patch: 2})).toBeNull();
    expect(dd().slice(0, 4)).toEqual(["128×128×16", "262,144 (image: 3,145,728)", "12× fewer numbers", "4,096 of 64 numbers"]);
    expect(el.querySelector(".codec-message")?.textContent).toBe("");
    expect(el.set({batch: 0})).toBe("invalid batch: 0; expected an integer in [1, 4096]");
    expect(el.set({dtype: "int8" as never})).toBe('invalid dtype: "int8"; expected bf16, fp16, fp32');
    for (const input of el.querySelectorAll("input, select")) expect(el.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
  });

  it("checkCodecCalculator, the embed page's check, names a bad dtype read from an address and keeps the defaults", () => {
    const spec = {defaults: codecCalculatorDefaults, check: checkCodecCalculator};
    expect(settingsFromAddress(spec, "?dtype=int8&f=8")).toEqual({settings: codecCalculatorDefaults, problem: 'invalid dtype: "int8"; expected bf16, fp16, fp32'});
    expect(settingsFromAddress(spec, "?dtype=fp32&height=512&width=512&c=4&patch=1").settings).toEqual({...codecCalculatorDefaults, dtype: "fp32", height: 512, width: 512, c: 4, patch: 1});
  });
});

describe("rateDistortion", () => {
  it("pointLabel(p) names f, c and any non-default loss or β", () => {
    expect(points.map(pointLabel)).toEqual(["f4c4", "f8c4", "f2c16 MSE β=1"]);
  });

  it("rateDistortion(points) is a named image whose text alternative lists every point, best first", () => {
    const el = rateDistortion(points, {metric: "ssim"});
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.getAttribute("aria-label")).toBe("Rate–distortion: SSIM against compression");
    expect(describeRateDistortion(points, "psnr")).toBe("PSNR against compression for 3 runs, highest first: f2c16 MSE β=1: 0.25 pixels per number, PSNR 30.2 dB; " +
      "f4c4 (reference): 4 pixels per number, PSNR 22.4 dB; f8c4 (reference): 16 pixels per number, PSNR 16.1 dB.");
    expect(el.querySelectorAll(".vae-viz-body text").length).toBeGreaterThan(3);
    el.update([]);
    expect(el.querySelector(".vae-viz-body p")?.textContent).toBe("No finished runs yet");
    expect(() => el.update([{...points[0], f: 3}])).toThrow("invalid points[0].f: 3; expected 2, 4 or 8");
  });
});

describe("codecPoints and codecGallery", () => {
  it("pointCells(rows) gives one row per run with its numbers", () => {
    const rows = points.map((p) => ({...p, sharpness: 0.7, scalingFactor: 0.6, step: 300}));
    expect(pointCells(rows)[3]).toEqual(["f2c16 MSE β=1", "squared error", "1", "0.25×", "30.20", "0.990", "0.70", "0.600", "300"]);
    expect(codecPoints(rows).querySelectorAll("tbody tr")).toHaveLength(3);
    expect(codecPoints([]).querySelector("tbody")?.textContent).toBe("No finished runs yet.");
  });

  it("codecGallery(originals, runs) draws one captioned grid per run after the originals", () => {
    noCanvasContext();
    const img = new Float32Array(4 * 1024).fill(0.5);
    const el = codecGallery(img, points.map((p) => ({...p, reconstructions: img, step: 300})));
    expect(el.querySelectorAll("canvas")).toHaveLength(4);
    expect(runCaption({...points[0], reconstructions: img, step: 300})).toBe("f4c4 · 4× · 22.4 dB · SSIM 0.919 · 300 steps · reference");
    expect(() => codecGallery(img.subarray(0, 1024), [])).toThrow("invalid originals: 1 images; expected at least perRun = 4");
  });
});

describe("latentChannels and the reference bytes", () => {
  it("latentText(f, c) states the lab's latent shape and pixels per number", () => {
    expect(latentText(4, 4)).toBe("8×8×4 = 256 numbers for 1,024 pixels: 4 pixels per number");
    expect(latentText(8, 1)).toBe("4×4×1 = 16 numbers for 1,024 pixels: 64 pixels per number");
    expect(latentText(2, 16)).toBe("16×16×16 = 4,096 numbers for 1,024 pixels: 0.25 pixels per number (more numbers than pixels)");
  });

  it("latentChannels(μ, side, c) splits NHWC channels into images on one [0, 1] scale", () => {
    const mu = Float32Array.from([0, 10, 2, 8, 4, 6, 1, 9]); // 2×2 positions × 2 channels
    expect(Array.from(latentChannels(mu, 2, 2))).toEqual([0, 0.2, 0.4, 0.1, 1, 0.8, 0.6, 0.9].map((v) => expect.closeTo(v, 6)));
  });

  it("decodeBytes(encodeBytes(v)) gives v to within 1/510", () => {
    const v = Float32Array.from({length: 1000}, (_, i) => (i * 0.37) % 1);
    const back = decodeBytes(encodeBytes(v));
    expect(back.length).toBe(1000);
    back.forEach((b, i) => expect(Math.abs(b - v[i])).toBeLessThanOrEqual(1 / 510 + 1e-7));
    expect(() => decodeBytes("***")).toThrow("invalid reconstructions");
  });
});
