// The MNIST VQ-VAE: shapes, FSQ indices against the oracle, the patch layout, and a short seeded run per quantiser.
import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {loadMnistNode} from "../../../src/data/mnistNode.js";
import {createVqMnistLab} from "../../../src/labs/vqMnist.js";
import {vqMnistDefaults, vqMnistSpec} from "../../../src/labs/vqMnistSpec.js";
import {fsqCodesToIndices} from "../../../src/math/fsq.js";
import {VqVae, vqVaeDefaults} from "../../../src/models/vqVae.js";
import {Rng} from "../../../src/math/rng.js";

beforeAll(async () => { await tf.setBackend("wasm"); }); // the cpu backend's conv2d makes these runs minutes long

describe("VqVae", () => {
  it("encode maps [B, 784] to [B·49, D], and patch (r, c) of the grid reads pixels 4r…4r+3, 4c…4c+3", async () => {
    const m = new VqVae({...vqVaeDefaults, hidden: 4}, new Rng(0, "init"));
    const x = tf.zeros([2, 784]) as tf.Tensor2D;
    const z = m.encode(x);
    expect(z.shape).toEqual([98, 8]);
    // One lit pixel at (row 9, col 22) of image 1 changes only the codes of patch (2, 5) and its 3×3 neighbours.
    const lit = new Float32Array(2 * 784);
    lit[784 + 9 * 28 + 22] = 1;
    const x2 = tf.tensor2d(lit, [2, 784]);
    const diff = await tf.tidy(() => tf.sum(tf.abs(tf.sub(m.encode(x2), z)), 1)).data();
    const changed = Array.from(diff).map((v, i) => (v > 1e-7 ? i : -1)).filter((i) => i >= 0);
    for (const i of changed) {
      expect(i).toBeGreaterThanOrEqual(49); // image 1 only
      const p = i - 49, r = Math.floor(p / 7), c = p % 7;
      expect(Math.abs(r - 2) <= 1 && Math.abs(c - 5) <= 1).toBe(true);
    }
    expect(changed).toContain(49 + 2 * 7 + 5);
    tf.dispose([x, z, x2]);
    m.dispose();
  });

  it("with FSQ, quantize's indices agree with the oracle fsqCodesToIndices", async () => {
    const levels = [8, 5, 5, 5];
    const m = new VqVae({...vqVaeDefaults, quantizer: "fsq", levels, hidden: 4}, new Rng(0, "init"));
    const z = tf.tensor2d(new Rng(2, "z").normals(50 * 4).map((v) => 2 * v), [50, 4]);
    const q = m.quantize(z);
    expect(Array.from(await q.indices.data())).toEqual(Array.from(fsqCodesToIndices(await q.zq.data(), levels)));
    expect(m.codes).toBe(1000);
    tf.dispose([z, ...Object.values(q)]);
    m.dispose();
  });
});

describe("the MNIST VQ-VAE lab", () => {
  it("each quantiser lowers the loss over 30 seeded steps with a flat tensor count", async () => {
    for (const quantizer of ["gradient", "ema", "fsq"] as const) {
      const lab = await createVqMnistLab({...vqMnistDefaults, quantizer}, {mnist: loadMnistNode});
      const losses: number[] = [(await lab.step()).loss];
      const tensors = tf.memory().numTensors;
      for (let t = 1; t < 30; t++) losses.push((await lab.step()).loss);
      expect(tf.memory().numTensors).toBe(tensors);
      const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
      expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)));
      const v = await lab.views();
      expect(v.grids.length).toBe(16 * 49);
      expect(v.heldOutCounts.reduce((a, b) => a + b, 0)).toBe(256 * 49);
      expect(v.samples.neighbour.length).toBe(8 * 784);
      expect(v.bits.uniform).toBeCloseTo(6, 9); // log2 64
      lab.dispose();
    }
  });

  it("the spec's check (from its schema) names the bad value", () => {
    expect(vqMnistSpec.check(vqMnistDefaults)).toBeNull();
    expect(vqMnistSpec.check({...vqMnistDefaults, levels: "8, 1"})).toBe('invalid levels: "8, 1"; expected 1 to 8 integers in [2, 64], e.g. "8, 5, 5, 5"');
    expect(vqMnistSpec.check({...vqMnistDefaults, levels: "64, 64, 64"})).toBe('invalid levels: "64, 64, 64" make 262144 codes; expected at most 4096');
    expect(vqMnistSpec.check({...vqMnistDefaults, image: 16})).toBe("invalid image: 16; expected an integer in [0, 15]");
  });
});
