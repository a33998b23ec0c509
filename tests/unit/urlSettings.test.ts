import {describe, expect, it} from "vitest";
import {urlSettings} from "../../src/widgets/urlSettings.js";

describe("urlSettings", () => {
  it("urlSettings(search) reads numbers and the backend", () => {
    expect(urlSettings("?seed=3&backend=wasm&latentDim=2&lr=0.003").settings).toEqual({seed: 3, backend: "wasm", latentDim: 2, lr: 0.003});
  });

  it("urlSettings(search) drops invalid or hostile values with a message and keeps the rest", () => {
    const {settings, errors} = urlSettings("?seed=-1&latentDim=1e9&beta=abc&lr=&backend=%3Cscript%3Ealert(1)%3C/script%3E&batchSize=64");
    expect(settings).toEqual({batchSize: 64});
    expect(errors).toHaveLength(5);
    expect(errors.join("\n")).toMatch(/seed ignored \(invalid seed: -1/);
    expect(errors.join("\n")).not.toMatch(/<script>/);
  });
});
