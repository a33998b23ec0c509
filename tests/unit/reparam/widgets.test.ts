// @vitest-environment jsdom
import {afterEach, beforeEach, describe, expect, test, vi} from "vitest";
import {estimatorVariance, exactExpectation, exactGradient} from "../../../src/math/estimators.js";
import {testFunction} from "../../../src/math/testFunctions.js";
import {estimatorFit} from "../../../src/widgets/estimatorFit.js";
import {estimatorLab} from "../../../src/widgets/estimatorLab.js";
import {reparamGraph} from "../../../src/widgets/reparamGraph.js";
import {describedText} from "../viz/helpers.js";

beforeEach(() => {
  // A frame every 4 ms, so the widgets' animation loops run under jsdom.
  let t = 0;
  vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => setTimeout(() => cb((t += 16)), 4) as unknown as number);
  vi.stubGlobal("cancelAnimationFrame", (id: number) => clearTimeout(id));
});
afterEach(() => vi.unstubAllGlobals());

/** Every form control has an accessible name from a <label> (for= or wrapping) or a fieldset legend for radios. */
function unlabelled(root: HTMLElement): string[] {
  return [...root.querySelectorAll("input, select")].filter((c) => (c as HTMLInputElement).labels?.length === 0).map((c) => c.outerHTML);
}

describe("estimatorLab", () => {
  test("estimatorLab() labels every control and makes 1,000 draws at once", () => {
    const lab = estimatorLab();
    document.body.append(lab);
    expect(unlabelled(lab)).toEqual([]);
    expect(lab.draws).toBe(1000);
    expect(lab.querySelectorAll("figure svg[role=img]")).toHaveLength(3);
    expect(lab.querySelector("table caption")!.textContent).toContain("True ∂J/∂μ = 2.000");
    lab.dispose();
  });

  test("estimatorLab's draws (running-mean baseline) match the exact means and variances within 4 standard errors", () => {
    const lab = estimatorLab({maxDraws: 60_000, initialDraws: 0});
    lab.drawMore(60_000);
    const fn = testFunction("square");
    const truth = exactGradient(fn, 1, 0.5).mu;
    for (const e of ["score", "baseline", "pathwise"] as const) {
      const m = lab.moments(e, "mu");
      const v = estimatorVariance(e, fn, 1, 0.5, exactExpectation(fn, 1, 0.5)).mu;
      expect(Math.abs(m.mean - truth)).toBeLessThan(4 * Math.sqrt(v / m.n));
      expect(Math.abs(m.variance - v)).toBeLessThan(4 * m.varianceStandardError);
    }
    lab.dispose();
  });

  test("changing the function restarts from the seed's first draw; the step marks pathwise as biased", () => {
    const lab = estimatorLab();
    document.body.append(lab);
    lab.drawMore(500);
    const select = lab.querySelector("select")!;
    select.value = "step";
    select.dispatchEvent(new Event("change"));
    expect(lab.draws).toBe(1000);
    expect(lab.textContent).toContain("pathwise estimator always says 0");
    expect(lab.querySelector("tbody")!.textContent).toContain("(biased)");
    expect(lab.moments("pathwise", "mu").variance).toBe(0);
    lab.dispose();
  });

  test("Draw runs in frames until paused, then says how many draws were made", async () => {
    const lab = estimatorLab({perFrame: 100});
    document.body.append(lab);
    const button = lab.querySelector<HTMLButtonElement>(".rp-bar button")!;
    button.click();
    expect(button.getAttribute("aria-pressed")).toBe("true");
    await vi.waitFor(() => expect(lab.draws).toBeGreaterThan(1500), {timeout: 5000});
    button.click();
    expect(button.getAttribute("aria-pressed")).toBe("false");
    expect(lab.querySelector(".rp-bar [role=status]")!.textContent).toMatch(/^Paused\. [\d,]+ draws\.$/);
    // A new setting restarts the draws; the status says so rather than keep the old count.
    const select = lab.querySelector("select")!;
    select.value = "step";
    select.dispatchEvent(new Event("change"));
    expect(lab.querySelector(".rp-bar [role=status]")!.textContent).toBe("New settings: started again with 1,000 draws.");
    lab.dispose();
  });

  test("histogram text alternatives state the draws, and the sample and exact moments", () => {
    const lab = estimatorLab();
    const svg = lab.querySelector("figure svg[role=img]")!;
    expect(svg.getAttribute("aria-label")).toBe("score function estimates of ∂J/∂μ");
    expect(describedText(svg)).toMatch(/^score function estimates of ∂J\/∂μ: 1,000 draws\. Sample mean [\d.−]+ \(exact 2\.000\); sample standard deviation [\d.]+ \(exact 4\.664\)\./);
    lab.dispose();
  });
});

describe("estimatorFit", () => {
  test("estimatorFit() runs all four methods to the end from the same seed and reports where they ended", async () => {
    const fit = estimatorFit({steps: 120});
    document.body.append(fit);
    expect(unlabelled(fit)).toEqual([]);
    await fit.finished();
    expect(fit.runs.map((r) => r.method)).toEqual(["exact", "score", "baseline", "pathwise"]);
    for (const r of fit.runs) expect(r.records.at(-1)!.step).toBe(120);
    expect(fit.querySelectorAll("tbody tr")).toHaveLength(4);
    expect(fit.querySelector(".rp-bar [role=status]")!.textContent).toBe("Done: 120 steps each.");
    const text = describedText(fit.querySelector("figure svg[role=img]")!);
    for (const label of ["exact gradient", "score function", "score function + baseline", "pathwise (reparameterised)"]) expect(text).toContain(`${label}: `);
    fit.dispose();
  });

  test("estimatorFit with the step: the pathwise run ends at the prior, μ = 0", async () => {
    const fit = estimatorFit({fn: "step", steps: 300});
    await fit.finished();
    expect(fit.runs[3].records.at(-1)!.mu).toBeCloseTo(0, 6);
    fit.dispose();
  });
});

describe("reparamGraph", () => {
  test("reparamGraph() wraps the computation graph in the chapter's light box", () => {
    const box = reparamGraph();
    expect(box.className).toBe("rp-box rp-graph");
    expect(box.querySelector("svg[role=img]")).not.toBeNull();
    expect(document.getElementById("vae-reparam-style")).not.toBeNull();
  });
});
