// The linear-VAE lab of chapter 5: trained full batch, it lands on the pPCA prediction; moving σ² live (no reset)
// moves the trained KLs to the new prediction. On the wasm backend, as in the page's Worker.
import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {createLinearVaeLab} from "../../../src/labs/linearVae.js";
import {linearVaeLabDefaults, linearVaeLabSpec, parseSpectrum} from "../../../src/labs/linearVaeSpec.js";

beforeAll(async () => { await tf.setBackend("wasm"); });
const noMnist = {mnist: async () => { throw new Error("no MNIST here"); }};
const sortedDesc = (a: number[]) => a.slice().sort((x, y) => y - x);

describe("createLinearVaeLab", () => {
  it("createLinearVaeLab(defaults) reaches the pPCA KLs at σ² = 0.8, then at σ² = 0.3 after update({sigma2: 0.3})", async () => {
    const lab = await createLinearVaeLab(linearVaeLabDefaults, noMnist);
    for (let i = 0; i < 60; i++) await lab.step(); // 600 Adam steps
    let v = await lab.views();
    const predicted08 = sortedDesc(v.predicted.map((p) => p.kl));
    sortedDesc(v.klPerDim).forEach((k, i) => expect(Math.abs(k - predicted08[i])).toBeLessThan(1e-3));
    expect(v.active).toBe(3);
    expect(v.negElbo - v.optimum).toBeLessThan(1e-3);

    lab.update!({sigma2: 0.3}); // λ = 0.5 now survives too
    for (let i = 0; i < 60; i++) await lab.step();
    v = await lab.views();
    expect(v.sigma2).toBe(0.3);
    const predicted03 = sortedDesc(v.predicted.map((p) => p.kl));
    expect(predicted03.filter((k) => k > 0).length).toBe(4);
    console.log(`σ² = 0.3: trained KL ${sortedDesc(v.klPerDim).map((k) => k.toFixed(4)).join(" ")} vs predicted ${predicted03.map((k) => k.toFixed(4)).join(" ")}`);
    sortedDesc(v.klPerDim).forEach((k, i) => expect(Math.abs(k - predicted03[i])).toBeLessThan(1e-3));
    expect(v.active).toBe(4);
    lab.dispose();
  });

  it("the spec's check (its schema, then n against the spectrum) names the bad value", () => {
    const bad = (s: object) => linearVaeLabSpec.check({...linearVaeLabDefaults, ...s});
    expect(bad({})).toBeNull();
    expect(bad({sigma2: 0})).toBe("invalid sigma2: 0; expected a number in [0.01, 100]");
    expect(bad({spectrum: "4, x, 1"})).toBe("invalid eigenvalue: x; expected a number in (0, 100]");
    expect(bad({spectrum: "4, -1"})).toBe("invalid eigenvalue: -1; expected a number in (0, 100]");
    expect(bad({n: 3})).toBe("invalid n: 3; expected an integer in [6, 1024]");
    expect(bad({n: 1})).toBe("invalid n: 1; expected an integer in [2, 1024]");
    expect(linearVaeLabSpec.resetKeys).toEqual(["seed", "spectrum", "n"]);
    expect(bad({lr: 0})).toBe("invalid lr: 0; expected a number in (0, 0.5]");
    expect(parseSpectrum(" 3,2 ,1 ")).toEqual([3, 2, 1]);
  });
});
