// digitPicker: a keyboard-accessible chooser of one held-out digit: a labelled <select> ("digit 7 (#12)", grouped
// by class) and a thumbnail of the chosen digit. It exposes `.value` (the chosen image index) and lets the
// select's bubbling `input` event through, so Framework's `view()` works on it:
//   const a = view(digitPicker(test.images, test.labels, {label: "Start", value: 0}));
import {uid} from "./a11y.js";
import {imageGrid} from "./imageGrid.js";
import * as check from "./validate.js";

/** Options of `digitPicker`. */
export interface DigitPickerOptions {
  /** The visible label of the select. Default "Held-out digit". */
  label?: string;
  /** The indices offered, in order. Default: every image. */
  indices?: readonly number[] | null;
  /** The initially chosen index. Default: the first offered. */
  value?: number | null;
  /** Group the options by digit class (<optgroup> "digit 0" … "digit 9"). Default true. */
  groupByClass?: boolean;
  /** Side of each image. Default 28. */
  side?: number;
  /** Screen pixels per image pixel of the thumbnail. Default 2. */
  scale?: number;
}

const defaults = {
  label: "Held-out digit",
  indices: null as readonly number[] | null,
  value: null as number | null,
  groupByClass: true,
  side: 28,
  scale: 2
};

/** The element `digitPicker` returns. */
export interface DigitPickerElement extends HTMLElement {
  /** The chosen image index. Setting it updates the select and thumbnail without firing `input`. */
  value: number;
}

/** The text of an option: "digit 7 (#12)". */
export function digitOptionText(label: number, index: number): string {
  return `digit ${label} (#${index})`;
}

/**
 * A select of held-out digits with a thumbnail; `.value` is the chosen index, `input` bubbles on each change.
 * `digitPicker(images, labels, {label: "From", value: 3})` → <div>.
 */
export function digitPicker(images: Float32Array, labels: ArrayLike<number>, options: DigitPickerOptions = {}): DigitPickerElement {
  const o = check.withDefaults(defaults, options);
  const side = check.integer("side", o.side, 1);
  check.integer("scale", o.scale, 1, 64);
  check.string("label", o.label);
  check.boolean("groupByClass", o.groupByClass);
  const n = check.imageCount("images", images, side);
  check.numbers("labels", labels, n);
  if (n === 0) throw new Error("invalid images: 0 images; expected at least one");
  const indices = o.indices ?? Array.from({length: n}, (_, i) => i);
  if (!Array.isArray(indices) || indices.length === 0) throw new Error(`invalid indices: ${check.show(indices)}; expected a non-empty array of image indices`);
  indices.forEach((i, k) => check.integer(`indices[${k}]`, i, 0, n - 1));
  const initial = o.value ?? indices[0];
  if (!indices.includes(initial)) throw new Error(`invalid value: ${check.show(initial)}; expected one of the offered indices`);

  const size = side * side;
  const imageOf = (i: number) => images.subarray(i * size, (i + 1) * size);

  const root = document.createElement("div");
  root.className = "vae-viz vae-digit-picker";
  root.setAttribute("style", "display:flex;align-items:center;flex-wrap:wrap;gap:8px;font:14px/1.4 system-ui,sans-serif;margin:0 0 1rem 0");
  const select = document.createElement("select");
  select.id = uid();
  select.setAttribute("style", "font:inherit");
  const labelEl = document.createElement("label");
  labelEl.htmlFor = select.id;
  labelEl.textContent = o.label;

  const option = (i: number) => {
    const op = document.createElement("option");
    op.value = String(i);
    op.textContent = digitOptionText(labels[i], i);
    return op;
  };
  if (o.groupByClass) {
    const classes = [...new Set(indices.map((i) => labels[i]))].sort((a, b) => a - b);
    for (const c of classes) {
      const group = document.createElement("optgroup");
      group.label = `digit ${c}`;
      for (const i of indices) if (labels[i] === c) group.append(option(i));
      select.append(group);
    }
  } else {
    for (const i of indices) select.append(option(i));
  }

  const thumb = imageGrid(imageOf(initial), {side, scale: o.scale, cols: 1, description: ""});
  thumb.style.cssText += `;margin:0;flex:none;width:${side * o.scale}px`;
  thumb.canvas.setAttribute("aria-hidden", "true"); // the select's text names the digit
  thumb.canvas.removeAttribute("role");
  thumb.canvas.removeAttribute("aria-label");
  thumb.style.outline = "1px solid #767676";
  root.append(labelEl, select, thumb);

  let value = initial;
  select.value = String(initial);
  const redraw = () => {
    thumb.update(imageOf(value));
    thumb.canvas.removeAttribute("role");
    thumb.canvas.removeAttribute("aria-label");
  };
  // Runs at the select, before the event bubbles to `root` where view() reads `.value`.
  select.addEventListener("input", () => {
    value = Number(select.value);
    redraw();
  });
  select.addEventListener("change", () => {
    if (Number(select.value) !== value) {
      value = Number(select.value);
      redraw();
    }
  });

  Object.defineProperty(root, "value", {
    get: () => value,
    set: (v: number) => {
      check.integer("value", v, 0, n - 1);
      if (!indices.includes(v)) throw new Error(`invalid value: ${v}; expected one of the offered indices`);
      value = v;
      select.value = String(v);
      redraw();
    },
    enumerable: true
  });
  return root as unknown as DigitPickerElement;
}
