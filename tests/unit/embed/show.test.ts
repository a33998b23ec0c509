// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {show} from "../../../src/widgets/kit/show.js";

const widget = () => Object.assign(document.createElement("div"), {disposed: 0, dispose() { this.disposed++; }});

describe("show", () => {
  it("displays the widget at once and disposes it once when the cell is invalidated", async () => {
    const shown: Node[] = [];
    let invalidate!: () => void;
    const w = show((n) => shown.push(n), new Promise<void>((r) => (invalidate = r)), widget());
    expect(shown).toEqual([w]);
    await Promise.resolve();
    expect(w.disposed).toBe(0);
    invalidate();
    await new Promise((r) => setTimeout(r, 0));
    expect(w.disposed).toBe(1);
  });

  it("disposes it too when the invalidation promise rejects", async () => {
    const w = show(() => {}, Promise.reject(new Error("gone")), widget());
    await new Promise((r) => setTimeout(r, 0));
    expect(w.disposed).toBe(1);
  });
});
