// @vitest-environment jsdom
// The chapter's widgets: every control named, numbers inside the equations, Fit q run to the end frame by frame.
import {afterEach, beforeEach, describe, expect, test, vi} from "vitest";
import {logEvidence} from "../../../src/math/linearGaussian.js";
import {elboExplorer, type ElboExplorerElement} from "../../../src/widgets/elboExplorer.js";
import {equationsTex, texGap, texNumber} from "../../../src/widgets/elboEquations.js";
import {elboNumbers, linearDefaults, nonlinearDefaults} from "../../../src/widgets/elboSettings.js";
import {iwaeExplorer} from "../../../src/widgets/iwaeExplorer.js";

// Animation frames run when the test says so (jsdom has no layout and no display).
let frames: FrameRequestCallback[] = [];
beforeEach(() => {
  frames = [];
  vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(cb));
  vi.stubGlobal("cancelAnimationFrame", (id: number) => { if (id > 0) frames[id - 1] = () => {}; });
});
afterEach(() => {
  vi.unstubAllGlobals();
  for (const el of document.body.children) (el as Partial<ElboExplorerElement>).dispose?.(); // and their address writes
  document.body.replaceChildren();
  history.replaceState(null, "", "/");
});
function flushFrames(max = 10_000): number {
  let n = 0;
  while (frames.some((f) => f) && n < max) {
    const pending = frames;
    frames = [];
    for (const f of pending) if (f) { f(performance.now()); n++; }
  }
  return n;
}
function fitToEnd(el: ElboExplorerElement): void {
  el.fit();
  flushFrames();
  expect(el.fitting).toBe(false);
}

/** Every control has a name: a <label for>, or aria-label. */
function unnamedControls(root: Element): string[] {
  return [...root.querySelectorAll("input, select, button")].filter((c) => {
    const id = c.getAttribute("id");
    const labelled = id && root.querySelector(`label[for="${id}"]`);
    return !labelled && !c.getAttribute("aria-label") && !(c.tagName === "BUTTON" && c.textContent!.trim());
  }).map((c) => c.outerHTML);
}

describe("elboExplorer", () => {
  test("texNumber and texGap write numbers for TeX without −0 and with powers of ten when tiny", () => {
    expect([texNumber(-0.0001), texNumber(-1.8734), texNumber(2)]).toEqual(["0.000", "-1.873", "2.000"]);
    expect([texGap(0.7117), texGap(3.1e-7), texGap(1e-13)]).toEqual(["0.712", "3.1 \\times 10^{-7}", "0.000 \\;(\\lt 10^{-9})"]);
  });

  test("equationsTex(settings, numbers) puts the chapter's numbers into (5)–(9)", () => {
    const tex = equationsTex(linearDefaults, elboNumbers(linearDefaults));
    expect(tex).toContain("\\log \\mathcal{N}(1.50;\\, 0,\\, 1.490) = -1.873 && (6)");
    expect(tex).toContain("\\mathcal{N}(1.007,\\, 0.329) && (7)");
    expect(tex).toContain("= -3.879 - 0.000 = -3.879 && (8)");
    expect(tex).toContain("= -1.873 - (-3.879) = 2.005 \\text{ nats} && (5)");
    expect(tex).toMatch(/p\(z\\mid x\)\\big\) &= 2\.005 \\text\{ nats\} && \(9\)/);
  });

  test("elboExplorer() names every control and the widget", () => {
    const el = elboExplorer();
    document.body.append(el);
    expect(el.getAttribute("aria-label")).toBe("ELBO explorer: the linear-Gaussian model");
    expect(unnamedControls(el)).toEqual([]);
    expect([...el.querySelectorAll(".elbo-controls label")].map((l) => l.textContent)).toEqual(
      ["x, the observed value", "w, decoder weight", "s, decoder noise sd", "m, mean of q", "v, variance of q"]);
    expect(el.querySelectorAll("input[type=range]")).toHaveLength(5);
    expect(el.querySelector(".elbo-equations")!.getAttribute("tabindex")).toBe("0");
    expect(el.querySelector(".elbo-equations")!.getAttribute("aria-label")).toBe("The equations with the current numbers");
  });

  test("elboExplorer(): moving the m slider updates value, numbers and the equations, and fires input", () => {
    const el = elboExplorer();
    document.body.append(el);
    let events = 0;
    el.addEventListener("input", () => events++);
    const m = el.querySelectorAll<HTMLInputElement>("input[type=range]")[3];
    m.value = "1.01";
    m.dispatchEvent(new Event("input", {bubbles: true}));
    flushFrames();
    expect(el.value.m).toBe(1.01);
    expect(events).toBeGreaterThanOrEqual(1);
    expect(el.numbers.gap).toBeCloseTo(elboNumbers({...linearDefaults, m: 1.01}).gap, 12);
    expect(el.querySelector(".elbo-equations annotation")!.textContent).toContain("\\mathcal{N}(1.01,\\, 1.000)");
  });

  test("elboExplorer(): a typed value outside the range is clamped and said so; a non-number is refused", () => {
    const el = elboExplorer();
    document.body.append(el);
    const box = el.querySelectorAll<HTMLInputElement>("input[type=number]")[0];
    box.value = "9";
    box.dispatchEvent(new Event("change"));
    expect(el.value.x).toBe(3);
    expect(el.querySelector(".elbo-field small")!.textContent).toBe("x, the observed value runs from -3 to 3; set to 3.00.");
    box.value = "abc";
    box.dispatchEvent(new Event("change"));
    expect(el.value.x).toBe(3);
    expect(box.getAttribute("aria-invalid")).toBe("true");
  });

  test("elboExplorer().fit() climbs to the posterior, a few steps per frame, and the gap closes", () => {
    const el = elboExplorer();
    document.body.append(el);
    el.fit();
    frames.shift()!(performance.now()); // one frame: at most 3 steps
    expect(el.querySelector(".elbo-status")!.textContent).toMatch(/^Fitting q/);
    flushFrames();
    expect(el.fitting).toBe(false);
    expect(el.numbers.gap).toBeLessThan(1e-9);
    expect(el.value.m).toBeCloseTo(1.5 / 1.49, 6);
    expect(el.value.v).toBeCloseTo(0.49 / 1.49, 6);
    expect(el.numbers.elbo).toBeCloseTo(logEvidence(1.5, {w: 1, s: 0.7}), 9);
    expect(el.querySelector(".elbo-status")!.textContent).toMatch(/^Fitted in 1[0-5]\d steps: the gap is less than 10⁻⁹ nats, so q has met the posterior\.$/);
    expect(el.querySelector(".vae-elbo-trace .vae-viz-description")!.textContent).toMatch(/^After 1[0-5]\d steps the ELBO is −1\.87 nats, up from −3\.88 at step 0/);
  });

  test("elboExplorer: Stop halts the fit; Reset brings back the starting values", () => {
    const el = elboExplorer();
    document.body.append(el);
    el.fit();
    frames.shift()!(performance.now());
    el.stop();
    expect(el.fitting).toBe(false);
    expect(el.querySelector(".elbo-status")!.textContent).toMatch(/^Stopped after 3 steps/);
    el.querySelectorAll("button")[1].click();
    expect(el.value).toEqual(linearDefaults);
  });

  test("elboExplorer({model: 'nonlinear'}) fits to the best Gaussian and keeps the chapter's 0.712-nat gap", () => {
    const el = elboExplorer({model: "nonlinear"});
    document.body.append(el);
    expect(el.value).toEqual(nonlinearDefaults);
    expect(unnamedControls(el)).toEqual([]);
    fitToEnd(el);
    expect(el.numbers.gap.toFixed(3)).toBe("0.712");
    expect(el.querySelector(".elbo-status")!.textContent).toBe(
      "Fitted in 189 steps: this is the best Gaussian q from where it started, and it leaves a gap of 0.712 nats.");
    // Another decoder, chosen in the select, and fitted again.
    const select = el.querySelector("select")!;
    select.value = "tanh";
    select.dispatchEvent(new Event("change"));
    expect(el.value.decoder).toBe("tanh");
    fitToEnd(el);
    expect(el.numbers.gap.toFixed(2)).toBe("0.15");
  });
});

describe("iwaeExplorer", () => {
  test("iwaeExplorer() names its controls and states IWAE_K at the chosen K", () => {
    const el = iwaeExplorer({...linearDefaults, seed: 1, k: 10});
    document.body.append(el);
    expect(unnamedControls(el)).toEqual([]);
    expect(el.querySelector(".elbo-equations")!.getAttribute("tabindex")).toBe("0");
    const k = el.querySelector<HTMLInputElement>("input[type=range]")!;
    expect(k.getAttribute("aria-valuetext")).toBe("K = 10");
    expect(el.value).toEqual({k: 10, seed: 1});
    expect(el.querySelector(".elbo-note")!.textContent).toBe("q = N(0.00, 1.000) with x = 1.50, w = 1.00, s = 0.70; 200 estimates per K, seed 1.");
    expect(el.querySelectorAll(".elbo-note")[1].textContent).toMatch(/^At K = 10: mean −1\.9\d\d \(standard error 0\.0\d\d\)/);
    k.value = String(Number(k.value) + 1);
    k.dispatchEvent(new Event("input"));
    expect(el.value.k).toBe(12);
    expect(el.querySelector(".vae-iwae-chart .vae-viz-description")!.textContent).toContain("At K = 12:");
  });

  test("iwaeExplorer().update(posterior q) makes every estimate log p(x)", async () => {
    const el = iwaeExplorer({...linearDefaults, seed: 1});
    document.body.append(el);
    el.update({m: 1.5 / 1.49, v: 0.49 / 1.49});
    await new Promise((r) => setTimeout(r, 260));
    const lp = logEvidence(1.5, {w: 1, s: 0.7});
    for (const row of el.result!.estimates) for (const e of row) expect(Math.abs(e - lp)).toBeLessThan(1e-9);
    expect(el.querySelectorAll(".elbo-note")[1].textContent).toContain("0 of the 200 estimates lie more than 0.0005 nats above log p(x) = −1.873.");
  });

  test("iwaeExplorer: a new seed redraws; a bad seed is refused with a message", () => {
    const el = iwaeExplorer({...linearDefaults, seed: 1});
    document.body.append(el);
    const before = el.result!.summaries[0].mean;
    const seed = el.querySelector<HTMLInputElement>("input[type=number]")!;
    seed.value = "2";
    seed.dispatchEvent(new Event("change"));
    expect(el.value.seed).toBe(2);
    expect(el.result!.summaries[0].mean).not.toBe(before);
    seed.value = "1.5";
    seed.dispatchEvent(new Event("change"));
    expect(el.value.seed).toBe(2);
    expect(seed.getAttribute("aria-invalid")).toBe("true");
    expect(el.querySelector(".elbo-field small")!.textContent).toBe("“1.5” is not a seed (an integer from 0 to 2147483647); kept 2.");
  });
});
