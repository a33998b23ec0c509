// The procedural dSprites, by hand: one slider per factor, the sprite they make, and under it each factor swept
// through its values with the others held. Runs on the main thread (src/data/dsprites.ts is tf-free and draws a
// 32×32 sprite in well under a millisecond).
import {FACTOR_NAMES, FACTOR_SIZES, factorValues, renderBatch, renderSprite, SHAPES, type Factors} from "../data/dsprites.js";
import {fmt, uid} from "../viz/a11y.js";
import {imageGrid} from "../viz/imageGrid.js";
import {ensureLabStyle} from "./kit/labStyle.js";

export interface DspritesExplorerOptions {
  /** Starting factor indices. Default [2, 5, 0, 16, 16]: a large upright heart in the middle. */
  factors?: Factors;
  /** Image side. Default 32. */
  side?: number;
}

const LABELS = ["Shape", "Scale", "Orientation", "x position", "y position"];

function valueText(k: number, f: Factors): string {
  const v = factorValues(f);
  return [v.shape, `${fmt(v.scale, 1)}`, `${Math.round((v.angle * 180) / Math.PI)}°`, fmt(v.x, 2), fmt(v.y, 2)][k];
}

/** Up to `n` evenly spaced indices of a factor with `size` values. */
function spread(size: number, n: number): number[] {
  if (size <= n) return Array.from({length: size}, (_, i) => i);
  return Array.from({length: n}, (_, i) => Math.round((i * (size - 1)) / (n - 1)));
}

export function dspritesExplorer(options: DspritesExplorerOptions = {}): HTMLElement {
  ensureLabStyle();
  const side = options.side ?? 32;
  const f = [...(options.factors ?? [2, 5, 0, 16, 16])] as [number, number, number, number, number];
  const root = document.createElement("section");
  // Styled like a lab (labStyle.ts) but not a ".lab": it trains nothing, and the browser test presses Train in every lab.
  root.className = "dsprites-explorer";
  root.setAttribute("style", "--lab-fg: var(--theme-foreground, #1b1e23); --lab-bg: var(--theme-background, #fff); " +
    "--lab-muted: var(--theme-foreground-muted, #4a4f57); border: 1px solid var(--theme-foreground-faint, #c9ccd1); border-radius: 8px; " +
    "padding: 12px 14px; margin: 1rem 0 1.5rem; max-width: 1100px; font: 14px/1.45 system-ui, sans-serif");
  root.setAttribute("aria-label", "dSprites factors by hand");
  const controls = document.createElement("div");
  controls.className = "lab-controls";
  const sliders: HTMLInputElement[] = [];
  const outputs: HTMLOutputElement[] = [];
  FACTOR_SIZES.forEach((size, k) => {
    const div = document.createElement("div");
    div.className = "lab-field";
    const label = document.createElement("label");
    const input = document.createElement("input");
    Object.assign(input, {type: "range", min: "0", max: String(size - 1), step: "1", value: String(f[k]), id: uid("sprite")});
    label.htmlFor = input.id;
    label.textContent = `${LABELS[k]} (${size} values)`;
    const out = document.createElement("output");
    out.htmlFor.add(input.id);
    input.addEventListener("input", () => { f[k] = Number(input.value); draw(); });
    div.append(label, input, out);
    controls.append(div);
    sliders.push(input);
    outputs.push(out);
  });

  const big = imageGrid(renderSprite(f, {side}), {side, cols: 1, scale: 5, inkDark: false, ariaLabel: "The sprite"});
  const strips = FACTOR_NAMES.map((_, k) => imageGrid(new Float32Array(0), {side, cols: 10, scale: 2, inkDark: false}));
  const stripBox = document.createElement("div");
  stripBox.setAttribute("style", "display:grid;grid-template-columns:max-content 1fr;gap:6px 10px;align-items:center");
  strips.forEach((s, k) => {
    const l = document.createElement("span");
    l.textContent = LABELS[k];
    l.setAttribute("style", "font-weight:600");
    stripBox.append(l, s);
  });
  const views = document.createElement("div");
  views.className = "lab-views";
  const left = document.createElement("div");
  left.className = "lab-panel";
  left.append(big);
  const right = document.createElement("div");
  right.className = "lab-panel";
  right.append(stripBox);
  views.append(left, right);
  root.append(controls, views);

  function draw(): void {
    const fs = f as unknown as Factors;
    sliders.forEach((s, k) => {
      outputs[k].textContent = valueText(k, fs);
      s.setAttribute("aria-valuetext", valueText(k, fs));
    });
    const v = factorValues(fs);
    const where = `${SHAPES[f[0]]}, scale ${fmt(v.scale, 1)}, turned ${Math.round((v.angle * 180) / Math.PI)}°, centre at x = ${fmt(v.x, 2)}, y = ${fmt(v.y, 2)} (0 is left or top)`;
    big.update(renderSprite(fs, {side}), {ariaLabel: `Sprite: ${where}`});
    strips.forEach((strip, k) => {
      const idx = spread(FACTOR_SIZES[k], 10);
      const row = idx.map((i) => { const g = [...f] as [number, number, number, number, number]; g[k] = i; return g as unknown as Factors; });
      strip.update(renderBatch(row, {side}), {
        cols: idx.length,
        ariaLabel: `${LABELS[k]} swept through ${idx.length} of its ${FACTOR_SIZES[k]} values, the other factors as set above`,
        description: `${LABELS[k]} values shown: ${row.map((g) => valueText(k, g)).join(", ")}.`
      });
    });
  }
  draw();
  return root;
}
