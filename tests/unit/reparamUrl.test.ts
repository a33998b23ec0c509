// @vitest-environment jsdom
// The widgets of "The reparameterisation trick" in the page address: a changed setup is written to the address under
// the widget's prefix and read back by a new widget; the share panel's link, iframe and module snippets reproduce it;
// random and hostile addresses never throw, never insert markup, and always give settings inside the controls' ranges.
import {afterEach, beforeEach, describe, expect, test, vi} from "vitest";
import type {Digits} from "../../src/data/mnistPack.js";
import {testFunctionNames} from "../../src/math/testFunctions.js";
import {Rng} from "../../src/math/rng.js";
import {estimatorFit, type EstimatorFitElement, type EstimatorFitOptions} from "../../src/widgets/estimatorFit.js";
import {estimatorLab, type EstimatorLabElement, type EstimatorLabOptions} from "../../src/widgets/estimatorLab.js";
import {fitSchema, fitSettingDefaults, labDefaults, labSchema, reparamAddress, stepDefaults, stepSchema, type FitSettings, type LabSettings, type StepSettings} from "../../src/widgets/reparamAddress.js";
import type {SharePanel} from "../../src/widgets/runtime/sharePanel.js";
import {stepWalkthrough, type StepWalkthroughElement, type StepWalkthroughOptions} from "../../src/widgets/stepWalkthrough.js";
import {parseParams, toParams, type Field, type Schema} from "../../src/widgets/runtime/urlCodec.js";

beforeEach(() => {
  let frames = 0;
  vi.stubGlobal("requestAnimationFrame", () => ++frames); // never run: the state is what is checked
  vi.stubGlobal("cancelAnimationFrame", () => {});
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null); // jsdom has none; this only keeps it quiet
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  for (const el of document.body.children) (el as Partial<EstimatorLabElement>).dispose?.();
  document.body.replaceChildren();
  history.replaceState(null, "", "/");
});

const DIGITS = 30;
/** Held-out digits stand-ins: the walkthrough's address needs only their count. */
const digits: Digits = {images: new Float32Array(DIGITS * 784).map((_, i) => (i % 7) / 7), labels: Uint8Array.from({length: DIGITS}, (_, i) => i % 10), n: DIGITS};

const at = (search: string) => history.replaceState(null, "", `/chapters/04-reparameterisation${search}`);
const lab = (options: EstimatorLabOptions = {}) => document.body.appendChild(estimatorLab({initialDraws: 10, ...options}));
const fit = (options: EstimatorFitOptions = {}) => document.body.appendChild(estimatorFit(options));
const walk = (options: Partial<StepWalkthroughOptions> = {}) => document.body.appendChild(stepWalkthrough({digits, ...options}));
/** Waits for the widgets' spaced-out address writes (at most every 250 ms). */
const written = () => new Promise((r) => setTimeout(r, 300));

/** The form control labelled `label` (a <label for=…> whose text starts with it). */
function control<T extends HTMLElement>(el: Element, label: string): T {
  const l = [...el.querySelectorAll("label")].find((x) => x.textContent!.startsWith(label));
  if (!l) throw new Error(`no control labelled ${label}`);
  return el.querySelector(`#${l.htmlFor}`) as T;
}
/** Sets a number box or select as a reader would (a "change" event). */
function set(el: Element, label: string, value: string): void {
  const c = control<HTMLInputElement | HTMLSelectElement>(el, label);
  c.value = value;
  c.dispatchEvent(new Event("change"));
}
/** Moves a slider as a reader would (an "input" event). */
function slide(el: Element, label: string, value: string): void {
  const c = control<HTMLInputElement>(el, label);
  c.value = value;
  c.dispatchEvent(new Event("input"));
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
const notice = (el: Element) => el.querySelector<HTMLElement>(".rp-notice")!;

describe("estimatorLab in the address", () => {
  test("estimatorLab({urlPrefix}) writes a changed setup under its prefix, and a new lab reads it back", async () => {
    at("?other=1&fit.seed=4");
    const a = lab({urlPrefix: "lab."});
    set(a, "Function", "sigmoid");
    set(a, "Steepness k", "12.5");
    slide(a, "μ", "-0.75");
    slide(a, "σ", "1.3");
    set(a, "Seed", "42");
    const sigma = a.querySelector<HTMLInputElement>('input[type=radio][value="sigma"]')!;
    sigma.checked = true;
    sigma.dispatchEvent(new Event("change"));
    const axis = control<HTMLInputElement>(a, "Same x-axis");
    axis.checked = false;
    axis.dispatchEvent(new Event("change"));
    set(a, "Speed", "2000");
    const want: LabSettings = {fn: "sigmoid", k: 12.5, mu: -0.75, sigma: 1.3, param: "sigma", seed: 42, sameAxis: false, perFrame: 2000};
    expect(a.value).toEqual(want);
    await written();
    expect(location.search).toBe("?other=1&fit.seed=4&lab.fn=sigmoid&lab.k=12.5&lab.mu=-0.75&lab.sigma=1.3&lab.param=sigma&lab.seed=42&lab.sameAxis=false&lab.perFrame=2000");
    const b = lab({urlPrefix: "lab."});
    expect(b.value).toEqual(want);
    expect(b.draws).toBe(10);
    expect(control<HTMLSelectElement>(b, "Function").value).toBe("sigmoid");
    expect(control<HTMLInputElement>(b, "Seed").value).toBe("42");
    expect(control<HTMLInputElement>(b, "Same x-axis").checked).toBe(false);
    expect(b.querySelector<HTMLInputElement>('input[type=radio][value="sigma"]')!.checked).toBe(true);
    expect(b.querySelector("table caption")!.textContent).toContain("∂J/∂σ");
    expect(notice(b).hidden).toBe(true);
    // Another prefix reads none of it; the page's options are the base, so setting them back clears the address.
    expect(lab({urlPrefix: "other."}).value).toEqual(labDefaults);
    for (const [k, v] of [["Function", "square"], ["Seed", "1"], ["Speed", "200"]] as const) set(a, k, v);
    slide(a, "μ", "1");
    slide(a, "σ", "0.5");
    sigma.checked = false;
    const mu = a.querySelector<HTMLInputElement>('input[type=radio][value="mu"]')!;
    mu.checked = true;
    mu.dispatchEvent(new Event("change"));
    axis.checked = true;
    axis.dispatchEvent(new Event("change"));
    await written();
    expect(location.search).toBe("?other=1&fit.seed=4&lab.k=12.5");
  });

  test("estimatorLab: the share panel links to this page, and its iframe and module snippets carry the setup without a prefix", async () => {
    at("?x=1");
    const a = lab({urlPrefix: "lab.", siteRoot: "https://course.example/vae/"});
    set(a, "Function", "step");
    set(a, "Seed", "7");
    const {link, iframe, module} = snippets(a);
    expect(link).toBe("http://localhost:3000/chapters/04-reparameterisation?x=1&lab.fn=step&lab.seed=7");
    expect(iframe).toContain(`src="https://course.example/vae/embed/estimator-lab?fn=step&amp;seed=7"`);
    expect(iframeSearch(iframe)).toBe("?fn=step&seed=7");
    expect(module).toContain(`import {estimatorLab} from "https://course.example/vae/embed/estimator-lab.js";`);
    expect(moduleState(module)).toEqual({fn: "step", seed: 7});
    // The module's state and the iframe's address both reproduce it.
    expect(lab({state: moduleState(module), syncUrl: false}).value).toEqual({...labDefaults, fn: "step", seed: 7});
    at(iframeSearch(iframe));
    expect(lab().value).toEqual({...labDefaults, fn: "step", seed: 7});
  });

  test("estimatorLab({syncUrl: false}) neither reads nor writes the address, and links to the embed", async () => {
    at("?fn=sin&seed=3");
    const a = lab({syncUrl: false, state: {mu: 0.5}, siteRoot: "https://s.example/"});
    expect(a.value).toEqual({...labDefaults, mu: 0.5});
    set(a, "Seed", "9");
    await written();
    expect(location.search).toBe("?fn=sin&seed=3");
    expect(snippets(a).link).toBe("https://s.example/embed/estimator-lab?mu=0.5&seed=9");
  });
});

describe("estimatorFit in the address", () => {
  test("estimatorFit({urlPrefix}) writes a changed setup under its prefix, and a new fit reads it back", async () => {
    at("?lab.seed=2");
    const a = fit({urlPrefix: "fit."});
    set(a, "Function f", "sin");
    set(a, "Start μ₀", "-2.5");
    set(a, "Start σ₀", "0.4");
    set(a, "Learning rate", "0.1");
    set(a, "Draws per step S", "8");
    set(a, "Steps", "150");
    set(a, "Seed", "11");
    const want: FitSettings = {...fitSettingDefaults, fn: "sin", mu0: -2.5, sigma0: 0.4, lr: 0.1, samples: 8, steps: 150, seed: 11};
    expect(a.value).toEqual(want);
    await written();
    expect(location.search).toBe("?lab.seed=2&fit.fn=sin&fit.mu0=-2.5&fit.sigma0=0.4&fit.lr=0.1&fit.samples=8&fit.steps=150&fit.seed=11");
    const b = fit({urlPrefix: "fit."});
    expect(b.value).toEqual(want);
    expect(b.runs[0].config).toMatchObject({mu0: -2.5, sigma0: 0.4, lr: 0.1, samples: 8, seed: 11});
    expect(b.runs[0].fn.label).toContain("sin");
    expect(notice(b).hidden).toBe(true);
    const {link, iframe, module} = snippets(b);
    expect(new URL(link).search).toBe(location.search);
    expect(iframeSearch(iframe)).toBe("?fn=sin&mu0=-2.5&sigma0=0.4&lr=0.1&samples=8&steps=150&seed=11");
    expect(moduleState(module)).toEqual({fn: "sin", mu0: -2.5, sigma0: 0.4, lr: 0.1, samples: 8, steps: 150, seed: 11});
  });

  test("estimatorFit: a learning rate from a link that the menu does not list is added to it and used", () => {
    at("?fit.lr=0.003");
    const a = fit({urlPrefix: "fit."});
    expect(a.value.lr).toBe(0.003);
    expect(control<HTMLSelectElement>(a, "Learning rate").value).toBe("0.003");
    expect(a.runs[1].config.lr).toBe(0.003);
  });
});

describe("stepWalkthrough in the address", () => {
  test("stepWalkthrough({urlPrefix}) writes the seed and digit under its prefix, and a new walkthrough reads them back", async () => {
    at("?fit.seed=5");
    const a = walk({urlPrefix: "step."});
    expect(a.value).toEqual(stepDefaults);
    set(a, "Seed", "8");
    const picker = control<HTMLSelectElement>(a, "Digit (held out)");
    picker.value = "17";
    picker.dispatchEvent(new Event("input", {bubbles: true})); // a browser's select fires input, then change
    picker.dispatchEvent(new Event("change", {bubbles: true}));
    expect(a.value).toEqual({seed: 8, index: 17});
    await written();
    expect(location.search).toBe("?fit.seed=5&step.seed=8&step.index=17");
    const b = walk({urlPrefix: "step."});
    expect(b.value).toEqual({seed: 8, index: 17});
    expect(control<HTMLSelectElement>(b, "Digit (held out)").value).toBe("17");
    expect(notice(b).hidden).toBe(true);
    const {iframe, module} = snippets(b);
    expect(iframeSearch(iframe)).toBe("?seed=8&index=17");
    expect(module).toContain(`stepWalkthrough({state: {"seed":8,"index":17}})`);
  });

  test("stepWalkthrough: a digit past the last is clamped to it, with a note", () => {
    at("?index=5000&seed=-3");
    const a = walk();
    expect(a.value).toEqual({seed: 0, index: DIGITS - 1});
    expect(notice(a).hidden).toBe(false);
    expect(notice(a).textContent).toContain(`index="5000" is outside 0–${DIGITS - 1} (whole numbers); using ${DIGITS - 1}.`);
    expect(notice(a).textContent).toContain(`seed="-3" is outside 0–2147483647`);
  });
});

describe("hostile addresses", () => {
  test("script-looking and out-of-range values are clamped or dropped with a note, as text", () => {
    at(`?${new URLSearchParams({
      "lab.fn": "<script>window.__pwned=1</script>", "lab.mu": "1e9", "lab.sigma": "0", "lab.seed": "javascript:alert(1)", "lab.param": "constructor",
      "lab.sameAxis": "<img src=x onerror=alert(1)>", "lab.k": "NaN",
      "fit.lr": "-1", "fit.samples": "1e6", "fit.steps": "2.5", "fit.fn": "__proto__", "fit.mu0": "${alert(1)}"
    })}`);
    const a = lab({urlPrefix: "lab."}), b = fit({urlPrefix: "fit."});
    expect(a.value).toEqual({...labDefaults, mu: 2, sigma: 0.1});
    expect(b.value).toEqual({...fitSettingDefaults, lr: 0.001, samples: 100, steps: 10});
    for (const el of [a, b]) {
      expect(notice(el).hidden).toBe(false);
      expect(notice(el).children).toHaveLength(0);
      expect(el.querySelectorAll("script, img, iframe")).toHaveLength(0);
    }
    expect(notice(a).textContent).toContain(`mu="1e9" is outside -2–2; using 2.`);
    expect(notice(a).textContent).toContain(`fn="<script>window.__pwned=1…" is not one of square, sin, sigmoid, step; ignored.`);
    expect(notice(b).textContent).toContain(`samples="1e6" is outside 1–100 (whole numbers); using 100.`);
    expect((window as unknown as {__pwned?: number}).__pwned).toBeUndefined();
  });
});

// ---- The fuzz.

const nasty = ["<script>alert(1)</script>", "javascript:alert(1)", "\"><img src=x onerror=alert(1)>", "NaN", "Infinity", "-Infinity",
  "1e308", "-1e308", "5e-324", "-0", "0x1F", "  7  ", "%00", "%E0%A4%A", "💥", "1,2,3", ",", "a".repeat(5000), "${alert(1)}", "{{7*7}}",
  "null", "[]", "{}", "__proto__", "square", "sigmoid", "step", "mu", "sigma", "true", "false", "toString", "1000", "7", "2147483648"];

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

/** Every key of `schema` is in `state` with a value its field allows, and nothing else is. */
function expectValid<S>(state: S, schema: Schema<S>): void {
  expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
  expect(Object.keys(state as object).sort()).toEqual(Object.keys(schema).sort());
  for (const [key, f] of Object.entries(schema) as [string, Field][]) {
    const v = (state as Record<string, unknown>)[key];
    const ok = f.kind === "number" ? typeof v === "number" && Number.isFinite(v) && v >= f.min && v <= f.max && (!f.integer || Number.isInteger(v))
      : f.kind === "enum" ? typeof v === "string" && f.values.includes(v)
      : f.kind === "boolean" ? typeof v === "boolean" : false;
    if (!ok) throw new Error(`${key} = ${JSON.stringify(v)} is not allowed by ${JSON.stringify(f)}`);
  }
}

const widgets = [
  {name: "estimatorLab", schema: labSchema, defaults: labDefaults},
  {name: "estimatorFit", schema: fitSchema, defaults: fitSettingDefaults},
  {name: "stepWalkthrough", schema: stepSchema(DIGITS), defaults: stepDefaults}
] as const;

describe("the fuzz", () => {
  for (const {name, schema, defaults} of widgets) {
    test(`${name}'s reading of its address (reparamAddress) on 2,000 random and hostile addresses stays in range`, () => {
      const rng = new Rng(2026, `${name}-fuzz`);
      for (let i = 0; i < 2000; i++) {
        const prefix = i % 3 ? "p." : "";
        at(fuzz(rng, prefix, Object.keys(schema)));
        const {initial, sync} = reparamAddress<LabSettings | FitSettings | StepSettings>(schema as Schema<LabSettings | FitSettings | StepSettings>, defaults, {urlPrefix: prefix});
        expectValid(initial, schema);
        for (const n of sync.notes) expect(n.length).toBeLessThan(200);
        sync.dispose();
      }
    });

    test(`${name}: toParams and parseParams round-trip 500 random in-range states`, () => {
      const rng = new Rng(7, `${name}-roundtrip`);
      for (let i = 0; i < 500; i++) {
        const state = {...defaults} as Record<string, unknown>;
        for (const [key, f] of Object.entries(schema) as [string, Field][]) {
          if (f.kind === "number") state[key] = f.integer ? f.min + rng.int(f.max - f.min + 1) : f.min + (f.max - f.min) * rng.uniform();
          else if (f.kind === "enum") state[key] = f.values[rng.int(f.values.length)];
          else if (f.kind === "boolean") state[key] = rng.uniform() < 0.5;
        }
        const s = schema as unknown as Schema<Record<string, unknown>>;
        const {state: back, notes} = parseParams(toParams(state, defaults as unknown as Record<string, unknown>, s, "p."), s, "p.");
        expect(notes).toEqual([]);
        expect({...defaults, ...back}).toEqual(state);
      }
    });
  }

  test("the three widgets on 150 hostile addresses each: valid settings, the notice is text, nothing is inserted", () => {
    const rng = new Rng(2026, "reparam-widget-fuzz");
    const keys = [...new Set([...Object.keys(labSchema), ...Object.keys(fitSchema), ...Object.keys(stepSchema(DIGITS))])];
    for (let i = 0; i < 150; i++) {
      at(fuzz(rng, "", keys));
      const made: [EstimatorLabElement | EstimatorFitElement | StepWalkthroughElement, Schema<never>][] = [[lab(), labSchema as Schema<never>], [fit(), fitSchema as Schema<never>], [walk(), stepSchema(DIGITS) as Schema<never>]];
      for (const [el, schema] of made) {
        expectValid(el.value as never, schema);
        expect(notice(el).children).toHaveLength(0);
        expect(notice(el).hidden).toBe(notice(el).textContent === "");
        expect(notice(el).textContent!.length).toBeLessThan(120 + 200 * 12);
        expect(el.querySelectorAll("script, img, iframe")).toHaveLength(0);
        el.dispose();
        el.remove();
      }
      expect((window as unknown as {__pwned?: number}).__pwned).toBeUndefined();
    }
    // The lab's draws are numbers whatever the address said.
    at(fuzz(rng, "", keys));
    const a = lab();
    expect(Number.isFinite(a.moments("pathwise", "mu").mean)).toBe(true);
    expect(testFunctionNames).toContain(a.value.fn);
  });
});
