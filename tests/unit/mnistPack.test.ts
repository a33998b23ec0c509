import {gzipSync} from "node:zlib";
import {describe, expect, it} from "vitest";
import {mnistByClass} from "../../src/data/mnistNode.js";
import {decodeMnist, packRaw, unpackRaw} from "../../src/data/mnistPack.js";

describe("mnistPack", () => {
  const byClass = mnistByClass();
  const raw = packRaw(byClass);

  it("packRaw() gzips to one file of at most 2 MB holding all 10,000 digits", () => {
    expect(gzipSync(raw, {level: 9}).byteLength).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(raw.byteLength).toBe(16 + 10000 * 785);
  });

  it("unpackRaw() gives the documented 9,000 / 1,000 split: the first 100 of each class held out, interleaved", () => {
    const {train, test} = unpackRaw(raw);
    expect([train.n, test.n]).toEqual([9000, 1000]);
    expect(Array.from(test.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    for (let d = 0; d < 10; d++) expect(test.labels.filter((l) => l === d).length).toBe(100);
    // held-out #13 is the second image of digit 3 in the package; training starts with digit 0's 101st image
    const near = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).every((v, i) => Math.abs(v - b[i]) <= 0.002);
    expect(near(test.images.subarray(13 * 784, 14 * 784), byClass[3].slice(784, 2 * 784))).toBe(true);
    expect(near(train.images.subarray(0, 784), byClass[0].slice(100 * 784, 101 * 784))).toBe(true);
    const mean = train.images.reduce((s, v) => s + v, 0) / train.images.length;
    expect(mean).toBeGreaterThan(0.12); expect(mean).toBeLessThan(0.14);
  });

  it("decodeMnist() reads the gzipped file and rejects a truncated or foreign one", async () => {
    const split = await decodeMnist(gzipSync(raw));
    expect(split.train.n).toBe(9000);
    expect(() => unpackRaw(raw.subarray(0, 1000))).toThrow(/invalid MNIST file/);
    expect(() => unpackRaw(new Uint8Array(64))).toThrow(/wrong magic number/);
  });
});
