import {describe, expect, it} from "vitest";
import {bytesPerNumber, codec, codecLatent, codecs, latentShape, productionKlWeight} from "../../../src/math/codecs.js";

describe("latentShape", () => {
  it("latentShape(512×512, f 8, c 4) is SD's 64×64×4 latent, 48× fewer numbers", () => {
    const s = latentShape({height: 512, width: 512, f: 8, c: 4});
    expect([s.h, s.w, s.c]).toEqual([64, 64, 4]);
    expect(s.numbers).toBe(16_384);
    expect(s.imageNumbers).toBe(786_432);
    expect(s.compression).toBe(48);
    expect([s.tokens, s.tokenDim]).toEqual([4096, 4]); // patch 1: every latent position
    expect([s.bytesPerImage("fp32"), s.bytesPerImage("fp16"), s.bytesPerImage("bf16")]).toEqual([65_536, 32_768, 32_768]);
  });

  it("latentShape(...).compression is 3f²/c: 12× for f8c16, 6× for f8c32, 96× for f32c32, 48× for f32c64", () => {
    const ratio = (f: number, c: number) => latentShape({height: 1024, width: 1024, f, c}).compression;
    expect([ratio(8, 16), ratio(8, 32), ratio(32, 32), ratio(32, 64), ratio(64, 128), ratio(128, 512)]).toEqual([12, 6, 96, 48, 96, 96]);
    for (const row of codecs) {
      const s = codecLatent(row, 1024);
      expect(s.compression).toBeCloseTo((3 * row.f * row.f) / row.c, 12);
    }
  });

  it("latentShape(...) with patch p counts (h/p)·(w/p) tokens of p²·c numbers", () => {
    const sd3 = codecLatent(codec("sd3"), 1024); // 128×128×16, 2×2 patches
    expect([sd3.h, sd3.tokens, sd3.tokenDim]).toEqual([128, 4096, 64]);
    const flux2 = codecLatent(codec("flux2"), 1024); // 128×128×32, 2×2 patches of 128 numbers
    expect([flux2.tokens, flux2.tokenDim, flux2.compression]).toEqual([4096, 128, 6]);
    const sana = codecLatent(codec("dcae-f32c32"), 1024); // 32×32×32
    expect([sana.h, sana.tokens, sana.compression]).toEqual([32, 1024, 96]);
    const hunyuan = codecLatent(codec("hunyuan-image-2.1"), 2048); // a 2K image in as many tokens as FLUX.1 at 1K
    expect([hunyuan.h, hunyuan.tokens, hunyuan.compression]).toEqual([64, 4096, 48]);
    expect(codecLatent(codec("flux1"), 1024).tokens).toBe(4096);
    const pixels = codecLatent(codec("pixel"), 256); // JiT/16: 16×16 pixel patches, no codec
    expect([pixels.tokens, pixels.tokenDim, pixels.compression]).toEqual([256, 768, 1]);
  });

  it("latentShape(...) handles non-square images and other input channels", () => {
    const s = latentShape({height: 768, width: 1344, f: 8, c: 4});
    expect([s.h, s.w, s.numbers, s.compression]).toEqual([96, 168, 64_512, 48]);
    const mnist = latentShape({height: 32, width: 32, channels: 1, f: 4, c: 4}); // the chapter's model
    expect([mnist.numbers, mnist.compression]).toEqual([256, 4]);
  });

  it("latentShape(...) rejects sizes f does not divide, patches that do not divide the latent, and bad values", () => {
    expect(() => latentShape({height: 500, width: 512, f: 8, c: 4})).toThrow("invalid height: 500; f = 8 must divide it (try 504)");
    expect(() => latentShape({height: 512, width: 100, f: 8, c: 4})).toThrow("invalid width: 100; f = 8 must divide it (try 104)");
    expect(() => latentShape({height: 520, width: 520, f: 8, c: 16, patch: 2})).toThrow("invalid patch: 2; it must divide the latent size 65×65");
    expect(() => latentShape({height: 0, width: 512, f: 8, c: 4})).toThrow("invalid height: 0; expected an integer in [1, 1048576]");
    expect(() => latentShape({height: 512, width: 512, f: 2.5, c: 4})).toThrow("invalid f: 2.5");
    expect(() => latentShape({height: 512, width: 512, f: 8, c: NaN})).toThrow("invalid c: NaN");
    const s = latentShape({height: 512, width: 512, f: 8, c: 4});
    expect(() => s.bytesPerImage("int8" as "fp16")).toThrow("invalid dtype: int8; expected fp32, fp16 or bf16");
  });
});

describe("codecs", () => {
  it("codecs lists the issue's rows with the published factors", () => {
    const pick = (id: string) => {
      const {f, c, patch, scalingFactor, shiftFactor} = codec(id);
      return {f, c, patch, scalingFactor, shiftFactor};
    };
    expect(pick("sd")).toEqual({f: 8, c: 4, patch: 1, scalingFactor: 0.18215, shiftFactor: null});
    expect(pick("sdxl")).toEqual({f: 8, c: 4, patch: 1, scalingFactor: 0.13025, shiftFactor: null});
    expect(pick("sd3")).toEqual({f: 8, c: 16, patch: 2, scalingFactor: 1.5305, shiftFactor: 0.0609});
    expect(pick("flux1")).toEqual({f: 8, c: 16, patch: 2, scalingFactor: 0.3611, shiftFactor: 0.1159});
    expect(pick("flux2")).toEqual({f: 8, c: 32, patch: 2, scalingFactor: null, shiftFactor: null});
    expect(pick("dcae-f32c32")).toMatchObject({f: 32, c: 32, scalingFactor: 0.41407});
    expect(pick("hunyuan-image-2.1")).toMatchObject({f: 32, c: 64, scalingFactor: 0.75289});
    expect(new Set(codecs.map((r) => r.id)).size).toBe(codecs.length);
    for (const r of codecs) expect(r.source.length).toBeGreaterThan(10);
    expect(productionKlWeight).toBe(1e-6);
    expect(bytesPerNumber).toEqual({fp32: 4, fp16: 2, bf16: 2});
  });

  it("codec(id) rejects an unknown id with the list of ids", () => {
    expect(() => codec("sd4")).toThrow("unknown codec: sd4; expected one of sd, sdxl, sd3");
  });
});
