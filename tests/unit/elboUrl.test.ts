// @vitest-environment jsdom
// The ELBO chapter's widgets in the page address: a changed setup is written to the address under the widget's
// prefix and read back by a new widget; the share panel's link and module snippet reproduce it; random and hostile
// addresses never throw, never insert markup, and always give settings inside the sliders' ranges.
import {afterEach, beforeEach, describe, expect, test, vi} from "vitest";
import {kSteps} from "../../src/math/iwae.js";
import {decoders} from "../../src/math/latentModel.js";
import {Rng} from "../../src/math/rng.js";
import {elboExplorer, explorerAddress, type ElboExplorerElement, type ElboExplorerOptions} from "../../src/widgets/elboExplorer.js";
import {addressBase, linearDefaults, modelKinds, nonlinearDefaults, ranges, settingsSchema, type ElboSettings} from "../../src/widgets/elboSettings.js";
import {iwaeAddress, iwaeDefaults, iwaeExplorer, iwaeSchema, nearestK, type IwaeExplorerOptions, type IwaeState} from "../../src/widgets/iwaeExplorer.js";
import type {SharePanel} from "../../src/widgets/runtime/sharePanel.js";
import {parseParams, toParams} from "../../src/widgets/runtime/urlCodec.js";
import {urlSync} from "../../src/widgets/runtime/urlSync.js";

let frames = 0;
beforeEach(() => {
  vi.stubGlobal("requestAnimationFrame", () => ++frames); // drawn on demand only: the state is what is checked
  vi.stubGlobal("cancelAnimationFrame", () => {});
});
afterEach(() => {
  vi.unstubAllGlobals();
  for (const el of document.body.children) (el as Partial<ElboExplorerElement>).dispose?.();
  document.body.replaceChildren();
  history.replaceState(null, "", "/");
});

const at = (search: string) => history.replaceState(null, "", `/chapters/03-elbo${search}`);
const explorer = (options: ElboExplorerOptions = {}) => document.body.appendChild(elboExplorer(options));
const iwae = (options: IwaeExplorerOptions = {}) => document.body.appendChild(iwaeExplorer({repetitions: 4, ...options}));
/** Waits for the widgets' spaced-out address writes (at most every 250 ms). */
const written = () => new Promise((r) => setTimeout(r, 300));
/** Types `value` into the number box labelled `label`, as a reader would. */
function type(el: Element, label: string, value: string): void {
  const box = [...el.querySelectorAll<HTMLInputElement>("input[type=number]")].find((b) => b.getAttribute("aria-label")?.startsWith(label) || el.querySelector(`label[for="${b.id}"]`)?.textContent === label)!;
  box.value = value;
  box.dispatchEvent(new Event("change"));
}
/** The share panel's three snippets, freshly written. */
function snippets(el: Element): {link: string; iframe: string; module: string} {
  const share = el.querySelector(".trainer-share") as SharePanel;
  share.open = true;
  share.refresh();
  const [link, iframe, module] = [...share.querySelectorAll("textarea")].map((t) => t.value);
  return {link, iframe, module};
}
const iframeSearch = (iframe: string) => new URL(/src="([^"]+)"/.exec(iframe)![1].replace(/&amp;/g, "&")).search;
const moduleState = (module: string) => JSON.parse(/\(\{state: (.*)\}\)\);/.exec(module)![1]);

describe("urlSync", () => {
  test("urlSync({schema, base, prefix}) reads its own parameters and writes the latest state, spaced out, others kept", async () => {
    at("?a.n=3&a.b=oops&b.n=9");
    const schema = {n: {kind: "number", min: 0, max: 5, integer: true}, b: {kind: "boolean"}} as const;
    const replace = vi.spyOn(history, "replaceState");
    const sync = urlSync({schema, base: {n: 1, b: false}, prefix: "a.", interval: 100});
    expect(sync.initial).toEqual({n: 3, b: false});
    expect(sync.notes).toEqual([`Link setting b="oops" should be true or false; ignored.`]);
    for (let n = 0; n <= 5; n++) sync.write({n, b: true});
    await new Promise((r) => setTimeout(r, 20));
    expect(location.search).toBe("?a.n=5&a.b=true&b.n=9");
    sync.write({n: 1, b: false}); // back to the base: nothing of its own left in the address
    sync.write({n: 2, b: false});
    expect(replace).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 120));
    expect(location.search).toBe("?a.n=2&b.n=9");
    expect(replace).toHaveBeenCalledTimes(2);
    sync.write({n: 4, b: false});
    sync.dispose();
    await new Promise((r) => setTimeout(r, 120));
    expect(location.search).toBe("?a.n=2&b.n=9");
    const off = urlSync({schema, base: {n: 1, b: false}, prefix: "a.", syncUrl: false});
    expect(off.initial).toEqual({n: 1, b: false});
    off.write({n: 0, b: false});
    await new Promise((r) => setTimeout(r, 20));
    expect(location.search).toBe("?a.n=2&b.n=9");
  });
});

describe("elboExplorer in the address", () => {
  test("elboExplorer({urlPrefix}) writes a changed setup under its prefix, and a new explorer reads it back", async () => {
    at("?other=1");
    const a = explorer({model: "linear", urlPrefix: "lin."});
    for (const [label, v] of [["x, the observed value", "-2.35"], ["w, decoder weight", "0.4"], ["s, decoder noise sd", "1.25"], ["m, mean of q", "1.007"], ["v, variance of q", "0.0123"]]) type(a, label, v);
    const want: ElboSettings = {...linearDefaults, x: -2.35, w: 0.4, s: 1.25, m: 1.007, v: 0.0123};
    expect(a.value).toEqual(want);
    await written();
    expect(location.search).toBe("?other=1&lin.x=-2.35&lin.w=0.4&lin.s=1.25&lin.m=1.007&lin.v=0.0123");
    const b = explorer({model: "linear", urlPrefix: "lin."});
    expect(b.value).toEqual(want);
    expect(b.querySelector(".elbo-notice")!.hasAttribute("hidden")).toBe(true);
    // Another prefix on the same page reads none of it.
    expect(explorer({model: "nonlinear", urlPrefix: "nl."}).value).toEqual(nonlinearDefaults);
  });

  test("elboExplorer({model: 'nonlinear'}) round-trips the decoder, and back to the start the address is clean", async () => {
    at("");
    const a = explorer({model: "nonlinear", urlPrefix: "nl."});
    const select = a.querySelector("select")!;
    select.value = "tanh";
    select.dispatchEvent(new Event("change"));
    type(a, "x, the observed value", "3.7");
    type(a, "m, mean of q", "-1.2");
    await written();
    expect(location.search).toBe("?nl.decoder=tanh&nl.x=3.7&nl.m=-1.2");
    expect(explorer({model: "nonlinear", urlPrefix: "nl."}).value).toEqual({...nonlinearDefaults, decoder: "tanh", x: 3.7, m: -1.2});
    a.querySelectorAll("button")[1].click(); // Reset: the starting values, nothing left to write
    await written();
    expect(location.search).toBe("");
  });

  test("elboExplorer(): an address naming the other model gets that model's defaults, not the page's settings", async () => {
    at("?lin.model=nonlinear&lin.x=3.5");
    const a = explorer({model: "linear", x: 1.5, w: 1, s: 0.7, m: 0, v: 1, urlPrefix: "lin."});
    expect(a.value).toEqual({...nonlinearDefaults, x: 3.5});
    expect(a.querySelector("select")).not.toBeNull();
    type(a, "s, decoder noise sd", "0.3");
    await written();
    expect(explorer({model: "linear", urlPrefix: "lin."}).value).toEqual({...nonlinearDefaults, x: 3.5, s: 0.3});
  });

  test("elboExplorer(): the link and module snippets reproduce the setup; the bare embed's iframe too", async () => {
    at("");
    const a = explorer({model: "nonlinear", urlPrefix: "nl."});
    type(a, "x, the observed value", "-1");
    const {link, module} = snippets(a);
    expect(link).toBe("http://localhost:3000/chapters/03-elbo?nl.x=-1");
    // The module snippet starts a widget on another page: no address, the state object alone.
    expect(moduleState(module)).toEqual({model: "nonlinear", x: -1});
    expect(elboExplorer({state: moduleState(module), syncUrl: false}).value).toEqual({...nonlinearDefaults, x: -1});
    // The embed page: no prefix, no options.
    at("?model=nonlinear&decoder=linear");
    const bare = explorer();
    type(bare, "v, variance of q", "0.05");
    const {iframe} = snippets(bare);
    expect(iframe).toContain("/embed/elbo-explorer?model=nonlinear&amp;decoder=linear&amp;v=0.05");
    at(iframeSearch(iframe));
    expect(explorer().value).toEqual({...nonlinearDefaults, decoder: "linear", v: 0.05});
  });

  // The share panel uses one query for the link and the iframe: a prefixed widget's iframe carries "nl.x=…", which
  // the embed page does not read. Marked as failing until sharePanel takes the widget's `embedQuery` for the iframe.
  test("elboExplorer({urlPrefix}): the iframe snippet reproduces the setup", () => {
    at("");
    const a = explorer({model: "nonlinear", urlPrefix: "nl."});
    type(a, "x, the observed value", "-1");
    at(iframeSearch(snippets(a).iframe));
    expect(explorer().value).toEqual({...nonlinearDefaults, x: -1});
  });

  test("elboExplorer(): hostile values are clamped or dropped, said in a notice as text, and run nothing", () => {
    at(`?lin.x=1e9&lin.w=NaN&lin.s=-5&lin.m=%3Cscript%3Ealert(1)%3C/script%3E&lin.v=0&lin.model=javascript:alert(1)&lin.decoder=tanh`);
    const a = explorer({model: "linear", urlPrefix: "lin."});
    expect(a.value).toEqual({...linearDefaults, x: 3, s: 0.3, v: 0.001});
    const notice = a.querySelector(".elbo-notice")!;
    expect(notice.getAttribute("role")).toBe("status");
    expect(notice.hasAttribute("hidden")).toBe(false);
    expect(notice.children).toHaveLength(0);
    expect(notice.textContent).toMatch(/^This page's address asked for settings that could not be used as they were\. /);
    expect(notice.textContent).toContain(`x="1e9" is outside -3–3; using 3.`);
    expect(notice.textContent).toContain(`m="<script>alert(1)</script…" is not a number; ignored.`);
    expect(notice.textContent).toContain(`model="javascript:alert(1)" is not one of linear, nonlinear; ignored.`);
    expect(a.querySelectorAll("script, img")).toHaveLength(0);
  });
});

describe("iwaeExplorer in the address", () => {
  test("iwaeExplorer({urlPrefix, settingsInUrl: false}) round-trips K and the seed only", async () => {
    at("?lin.m=1");
    const a = iwae({...linearDefaults, m: 1, urlPrefix: "iwae.", settingsInUrl: false});
    const k = a.querySelector<HTMLInputElement>("input[type=range]")!;
    k.value = String(kSteps.indexOf(100));
    k.dispatchEvent(new Event("input"));
    type(a, "Seed of the draws", "42");
    await written();
    expect(location.search).toBe("?lin.m=1&iwae.k=100&iwae.seed=42");
    const b = iwae({...linearDefaults, m: 1, urlPrefix: "iwae.", settingsInUrl: false});
    expect(b.value).toEqual({k: 100, seed: 42});
    expect(b.state).toEqual({...linearDefaults, m: 1, k: 100, seed: 42});
  });

  test("iwaeExplorer(): the embed reads the model and q too, and its snippets reproduce the setup", async () => {
    at("?model=nonlinear&decoder=tanh&x=1.9&m=0.3&v=0.5&k=7&seed=5");
    const a = iwae();
    expect(a.state).toEqual({...nonlinearDefaults, decoder: "tanh", x: 1.9, m: 0.3, v: 0.5, k: 8, seed: 5});
    expect(a.querySelector(".elbo-notice")!.textContent).toContain("k=7 is not one of the K shown; using 8.");
    const {iframe, module} = snippets(a);
    at(iframeSearch(iframe));
    expect(iwae().state).toEqual(a.state);
    expect(iwaeExplorer({state: moduleState(module), syncUrl: false, repetitions: 4}).state).toEqual(a.state);
    // Following another widget, the snippets still carry the model and q (the embed has no other widget).
    at("");
    const linked = iwae({urlPrefix: "iwae.", settingsInUrl: false});
    linked.update({x: -1, m: -0.5});
    expect(moduleState(snippets(linked).module)).toEqual({x: -1, m: -0.5});
  });
});

// ---- The fuzz: random and hostile addresses, through the real widgets ----

const nasty = ["<script>alert(1)</script>", "javascript:alert(1)", "\"><img src=x onerror=alert(1)>", "NaN", "Infinity", "-Infinity",
  "1e308", "-1e308", "5e-324", "-0", "0x1F", "  7  ", "%00", "%E0%A4%A", "💥", "1,2,3", ",", "a".repeat(5000), "${alert(1)}", "{{7*7}}",
  "null", "[]", "{}", "__proto__", "linear", "nonlinear", "square", "tanh", "toString", "1000", "7", "2147483648"];

function fuzz(rng: Rng, prefix: string, keys: string[]): string {
  const all = [...keys.map((k) => prefix + k), "__proto__", `${prefix}__proto__`, `${prefix}constructor`, "constructor", "toString", keys[0], "other.x", ""];
  const value = () => {
    const r = rng.uniform();
    if (r < 0.4) return nasty[rng.int(nasty.length)];
    if (r < 0.75) return String((rng.uniform() - 0.5) * 10 ** rng.int(12));
    return Array.from({length: rng.int(12)}, () => String.fromCharCode(rng.int(0x2fff))).join("");
  };
  const pairs = Array.from({length: 1 + rng.int(10)}, () => `${encodeURIComponent(all[rng.int(all.length)])}=${rng.uniform() < 0.9 ? encodeURIComponent(value()) : value()}`);
  return `?${pairs.join("&")}`;
}

const within = (v: number, [lo, hi]: readonly [number, number]) => Number.isFinite(v) && v >= lo && v <= hi;

/** The settings are a model's, each number inside its slider's range. */
function expectValidSettings(s: ElboSettings): void {
  expect(Object.getPrototypeOf(s)).toBe(Object.prototype);
  expect(modelKinds).toContain(s.model);
  expect(Object.keys(decoders)).toContain(s.decoder);
  const r = ranges[s.model];
  expect([within(s.x, r.x), within(s.w, r.w), within(s.s, r.s), within(s.m, ranges.m), within(s.v, ranges.v)]).toEqual([true, true, true, true, true]);
}

/** K is one of kSteps, the seed a whole number, the rest valid settings. */
function expectValidState({k, seed, ...settings}: IwaeState): void {
  expectValidSettings(settings);
  expect(kSteps).toContain(k);
  expect(Number.isInteger(seed) && seed >= 0 && seed <= 2147483647).toBe(true);
}

/** The notice is text only, short per note, and no markup came from the address. */
function expectQuietNotice(el: Element): void {
  const notice = el.querySelector(".elbo-notice")!;
  expect(notice.children).toHaveLength(0);
  expect(notice.textContent!.length).toBeLessThan(120 + 200 * 12);
  expect(el.querySelectorAll("script, img, iframe")).toHaveLength(0);
}

describe("the fuzz", () => {
  test("parseParams on 2,000 random and hostile queries, with each model's schema, gives only values in range", () => {
    const rng = new Rng(2026, "elbo-schema-fuzz");
    for (let i = 0; i < 2000; i++) {
      const model = modelKinds[i % 2];
      const {state, notes} = parseParams(fuzz(rng, "", Object.keys(iwaeSchema(model))), iwaeSchema(model));
      expectValidSettings({...addressBase(model), ...state, model});
      const {k = 10, seed = 1} = state;
      expect(Number.isInteger(k) && k >= 1 && k <= 1000 && kSteps.includes(kSteps[nearestK(k)])).toBe(true);
      expect(Number.isInteger(seed) && seed >= 0 && seed <= 2147483647).toBe(true);
      for (const n of notes) expect(n.length).toBeLessThan(200);
    }
  });

  test("explorerAddress (the explorer's reading of its address) on 2,000 random and hostile addresses stays in range", () => {
    const rng = new Rng(2026, "elbo-explorer-fuzz");
    const keys = Object.keys(settingsSchema("nonlinear")).concat("w");
    for (let i = 0; i < 2000; i++) {
      const prefix = i % 3 ? "lin." : "";
      at(fuzz(rng, prefix, keys));
      const {initial, sync} = explorerAddress({model: modelKinds[i % 2], urlPrefix: prefix});
      expectValidSettings(initial);
      for (const n of sync.notes) expect(n.length).toBeLessThan(200);
    }
  });

  test("iwaeAddress (the IWAE widget's reading of its address) on 2,000 random and hostile addresses stays in range", () => {
    const rng = new Rng(2026, "iwae-fuzz");
    const keys = [...Object.keys(iwaeSchema("nonlinear")), "w"];
    for (let i = 0; i < 2000; i++) {
      const prefix = i % 3 ? "iwae." : "";
      at(fuzz(rng, prefix, keys));
      const {state, notes} = iwaeAddress({urlPrefix: prefix, settingsInUrl: i % 4 !== 0, model: modelKinds[i % 2]});
      expectValidState(state);
      for (const n of notes) expect(n.length).toBeLessThan(200);
    }
  });

  test("elboExplorer and iwaeExplorer on 100 hostile addresses each: the notice is text, nothing is inserted", () => {
    const rng = new Rng(2026, "widget-fuzz");
    for (let i = 0; i < 100; i++) {
      at(fuzz(rng, "", Object.keys(iwaeSchema("nonlinear"))));
      const a = explorer({model: modelKinds[i % 2]});
      expectValidSettings(a.value);
      expect(Number.isFinite(a.numbers.logEvidence) && Number.isFinite(a.numbers.elbo)).toBe(true);
      expectQuietNotice(a);
      const b = iwae();
      expectValidState(b.state);
      expect(b.result!.summaries.every((s) => !Number.isNaN(s.mean))).toBe(true);
      expectQuietNotice(b);
      for (const el of [a, b]) { el.dispose(); el.remove(); }
    }
  });

  test("toParams and parseParams round-trip random in-range states of every schema", () => {
    const rng = new Rng(7, "elbo-roundtrip");
    const pick = ([lo, hi]: readonly [number, number]) => lo + (hi - lo) * rng.uniform();
    for (let i = 0; i < 500; i++) {
      const model = modelKinds[i % 2], r = ranges[model];
      const base = {...addressBase(model), ...iwaeDefaults};
      const state = {...base, model, x: pick(r.x), s: pick(r.s), m: pick(ranges.m), v: pick(ranges.v), k: kSteps[rng.int(kSteps.length)], seed: rng.int(2 ** 31),
        ...(model === "linear" ? {w: pick(r.w)} : {decoder: Object.keys(decoders)[rng.int(3)] as ElboSettings["decoder"]})};
      const {state: back, notes} = parseParams(toParams(state, base, iwaeSchema(model), "p."), iwaeSchema(model), "p.");
      expect(notes).toEqual([]);
      expect({...base, ...back}).toEqual(state);
    }
  });
});
