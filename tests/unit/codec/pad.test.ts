import {describe, expect, it} from "vitest";
import {padTo32} from "../../../src/data/pad.js";

describe("padTo32", () => {
  it("padTo32(images, n) centres each 28×28 image in a 32×32 frame of zeros", () => {
    const n = 2, src = Float32Array.from({length: n * 784}, (_, i) => 1 + (i % 997) / 1000);
    const out = padTo32(src, n);
    expect(out.length).toBe(n * 1024);
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < 32; r++) {
        for (let c = 0; c < 32; c++) {
          const inside = r >= 2 && r < 30 && c >= 2 && c < 30;
          expect(out[i * 1024 + r * 32 + c]).toBe(inside ? src[i * 784 + (r - 2) * 28 + (c - 2)] : 0);
        }
      }
    }
    expect(padTo32(new Float32Array(0), 0).length).toBe(0);
  });

  it("padTo32(images, n) rejects a length that is not n·784", () => {
    expect(() => padTo32(new Float32Array(700), 1)).toThrow("padTo32: 700 numbers for 1 images; expected 1·784 = 784");
    expect(() => padTo32(new Float32Array(784), 1.5)).toThrow("invalid n: 1.5");
  });
});
