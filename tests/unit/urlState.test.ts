import {describe, expect, it} from "vitest";
import {Rng} from "../../src/math/rng.js";
import {settingsError} from "../../src/train/vaeSettings.js";
import {parseState, stateDefaults, stateToSearch, viewNames, type WidgetState} from "../../src/widgets/runtime/urlState.js";

describe("urlState", () => {
  it("parseState(search) reads numbers, names, the pick and the shown views", () => {
    expect(parseState("?seed=3&backend=wasm&latentDim=2&lr=0.003&pick=5,7&show=loss,map").state)
      .toEqual({seed: 3, backend: "wasm", latentDim: 2, lr: 0.003, pick: [5, 7], show: ["loss", "map"]});
  });

  it("stateToSearch(state) and parseState round-trip every setting, writing only what differs from the defaults", () => {
    const state: WidgetState = {latentDim: 2, hiddenDim: 128, beta: 4, lr: 0.0003, batchSize: 64, seed: 42, backend: "webgl", speed: 5, variational: false, pick: [11, 98], show: ["kl", "samples"]};
    const search = stateToSearch(state);
    expect({...stateDefaults, ...parseState(search).state}).toEqual(state);
    expect(parseState(search).notes).toEqual([]);
    expect(stateToSearch(stateDefaults)).toBe("");
    expect(stateToSearch({...stateDefaults, seed: 7}, "w2.", new URLSearchParams("other=1"))).toBe("?other=1&w2.seed=7");
    expect(parseState("?w2.seed=7&seed=1", "w2.").state).toEqual({seed: 7});
  });

  it("parseState(search) clamps out-of-range numbers and drops unreadable values, saying so", () => {
    const {state, notes} = parseState("?seed=-1&latentDim=1e9&beta=abc&lr=&backend=%3Cscript%3Ealert(1)%3C/script%3E&batchSize=64.4&show=loss,%3Cimg%3E");
    expect(state).toEqual({seed: 0, latentDim: 64, batchSize: 64, show: ["loss"]});
    expect(notes).toHaveLength(7);
    expect(notes.join("\n")).toMatch(/latentDim="1e9" is outside 1–64 \(whole numbers\); using 64/);
    expect(notes.join("\n")).toMatch(/backend="<script>alert\(1\)<\/script…" is not one of/);
  });

  it("parseState(search) on 2,000 random and hostile queries never throws and always gives valid settings", () => {
    const rng = new Rng(2026, "fuzz");
    const keys = [...Object.keys(stateDefaults), "__proto__", "constructor", "toString", "w2.seed", ""];
    const nasty = ["<script>alert(1)</script>", "javascript:alert(1)", "\"><img src=x onerror=alert(1)>", "NaN", "Infinity", "-Infinity",
      "1e308", "-0", "0x1F", "  7  ", "%00", "%E0%A4%A", "💥", "1,2,3", ",", "a".repeat(5000), "${alert(1)}", "{{7*7}}", "null", "[]", "{}"];
    const value = () => {
      const r = rng.uniform();
      if (r < 0.4) return nasty[rng.int(nasty.length)];
      if (r < 0.7) return String((rng.uniform() - 0.5) * 10 ** rng.int(12));
      return Array.from({length: rng.int(12)}, () => String.fromCharCode(rng.int(0x2fff))).join("");
    };
    for (let i = 0; i < 2000; i++) {
      const pairs = Array.from({length: 1 + rng.int(8)}, () => `${encodeURIComponent(keys[rng.int(keys.length)])}=${rng.uniform() < 0.9 ? encodeURIComponent(value()) : value()}`);
      const {state, notes} = parseState(`?${pairs.join("&")}`);
      const merged = {...stateDefaults, ...state};
      expect(settingsError(merged)).toBeNull();
      expect(merged.show.every((v) => (viewNames as readonly string[]).includes(v))).toBe(true);
      expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
      for (const n of notes) expect(n.length).toBeLessThan(200);
    }
  });
});
