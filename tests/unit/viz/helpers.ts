// Shared by the view tests (jsdom): canvas stubs and a stable text form of SVG/HTML for snapshots.
import {afterEach, vi} from "vitest";

/** Makes every canvas report no 2-d context (jsdom's own getContext logs "not implemented"). */
export function noCanvasContext(): void {
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(() => null);
}

/** A fake 2-d context whose putImageData calls are recorded: `calls[k]` = the pixels of the k-th call. */
export function recordingCanvasContext(): {calls: {data: Uint8ClampedArray; width: number; height: number}[]} {
  const calls: {data: Uint8ClampedArray; width: number; height: number}[] = [];
  const ctx = {
    createImageData: (width: number, height: number) => ({width, height, data: new Uint8ClampedArray(width * height * 4)}),
    putImageData: (image: {data: Uint8ClampedArray; width: number; height: number}) => {
      calls.push({data: image.data.slice(), width: image.width, height: image.height});
    }
  };
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation((() => ctx) as never);
  return {calls};
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

/**
 * The element's markup with every decimal number rounded to 3 places and generated ids renamed in order of
 * appearance (id-1, id-2, …), so snapshots do not depend on float noise or on how many views a test built before.
 */
export function stableMarkup(el: Element): string {
  const ids = new Map<string, string>();
  return el.outerHTML
    .replace(/vae-viz-\d+/g, (m) => {
      if (!ids.has(m)) ids.set(m, `id-${ids.size + 1}`);
      return ids.get(m)!;
    })
    .replace(/-?\d*\.\d+/g, (m) => String(Math.round(Number(m) * 1000) / 1000))
    .replace(/></g, ">\n<");
}

/** The text of the elements `aria-describedby` points at, looked up in el's tree (attached or not). */
export function describedText(el: Element): string {
  let root: Element = el;
  while (root.parentElement) root = root.parentElement;
  const ids = (el.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
  return ids.map((id) => root.querySelector(`[id="${id}"]`)?.textContent ?? "").join(" ");
}

/** n side×side images whose every pixel of image i is values[i]. */
export function flatImages(values: number[], side: number): Float32Array {
  const out = new Float32Array(values.length * side * side);
  values.forEach((v, i) => out.fill(v, i * side * side, (i + 1) * side * side));
  return out;
}
