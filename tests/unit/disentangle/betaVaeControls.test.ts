// @vitest-environment jsdom
// The lab's controls: a good value is sent, a bad one is refused with a message naming it and the last good kept.
import {describe, expect, test} from "vitest";
import {betaVaeDefaults} from "../../../src/labs/betaVaeSpec.js";
import {betaVaeControls} from "../../../src/widgets/betaVaeControls.js";
import type {LabClient} from "../../../src/widgets/runtime/labClient.js";

/** Records what the controls send and say, in place of a Worker-backed client. */
function recorder() {
  const sent: object[] = [], notices: string[] = [];
  const client = {set: (s: object) => sent.push(s), notice: (_: string, t: string) => notices.push(t)};
  return {client: client as unknown as LabClient<typeof betaVaeDefaults, unknown>, sent, notices};
}

const byLabel = (root: HTMLElement, text: string) => {
  const label = [...root.querySelectorAll("label")].find((l) => l.textContent === text)!;
  return root.querySelector(`#${label.htmlFor}`) as HTMLInputElement;
};

describe("betaVaeControls", () => {
  test("typing β = 8 sends it; the log slider follows", () => {
    const r = recorder();
    const c = betaVaeControls(r.client, betaVaeDefaults);
    const exact = byLabel(c.element, "β, exactly");
    exact.value = "8";
    exact.dispatchEvent(new Event("change"));
    expect(r.sent).toEqual([{beta: 8}]);
    expect(byLabel(c.element, "β (log scale)").value).toBe("3");
  });

  test("β = 0 or empty is refused with a message naming the value, and the field shows the last good β", () => {
    const r = recorder();
    const c = betaVaeControls(r.client, betaVaeDefaults);
    const exact = byLabel(c.element, "β, exactly");
    exact.value = "0";
    exact.dispatchEvent(new Event("change"));
    exact.value = "";
    exact.dispatchEvent(new Event("change"));
    expect(r.sent).toEqual([]);
    expect(r.notices[0]).toBe("invalid beta: 0; expected a number in [0.1, 32]. Kept beta = 4.");
    expect(r.notices[1]).toMatch(/^invalid beta: NaN/);
    expect(exact.value).toBe("4");
  });

  test("the slider sends 2^value; latent dimensions out of range are refused", () => {
    const r = recorder();
    const c = betaVaeControls(r.client, betaVaeDefaults);
    const slider = byLabel(c.element, "β (log scale)");
    slider.value = "-1";
    slider.dispatchEvent(new Event("change"));
    expect(r.sent).toEqual([{beta: 0.5}]);
    const latent = byLabel(c.element, "Latent dimensions");
    latent.value = "40";
    latent.dispatchEvent(new Event("change"));
    expect(r.notices).toEqual(["invalid latentDim: 40; expected an integer in [2, 16]. Kept latentDim = 10."]);
    expect(latent.value).toBe("10");
  });

  test("choosing the factors that vary sends them; a bad choice is refused", () => {
    const r = recorder();
    const c = betaVaeControls(r.client, betaVaeDefaults);
    const factors = byLabel(c.element, "Factors that vary") as unknown as HTMLSelectElement;
    expect(factors.value).toBe("all");
    factors.value = "position";
    factors.dispatchEvent(new Event("change"));
    expect(r.sent).toEqual([{factors: "position"}]);
    c.show({...betaVaeDefaults, factors: "position"});
    expect(factors.value).toBe("position");
  });

  test("every input has a label", () => {
    const c = betaVaeControls(recorder().client, betaVaeDefaults);
    for (const el of c.element.querySelectorAll("input, select")) {
      const labelled = el.id && c.element.querySelector(`label[for="${el.id}"]`) || el.closest("label");
      expect(labelled, el.outerHTML).toBeTruthy();
    }
  });
});
