// The latent-shape calculator of the chapter "The VAE as the codec of latent diffusion": an image size, a downsampling
// f, channels c, a transformer patch p and a storage type give the latent's shape, its numbers, the compression
// 3f²/c, the token count and the memory per image (src/math/codecs.ts). A preset fills in a published codec. Below
// it, the table of codecs at the same resolution. tf-free; runs on the main thread. A bad value is named in a
// message and the last good result stays on screen.
import {bytesPerNumber, codecs, latentShape, type Dtype, type LatentShape} from "../math/codecs.js";
import {codecTable, formatBytes, int, times} from "../viz/codecTable.js";
import {codecField, ensureCodecStyle} from "./codecStyle.js";
import {el} from "./kit/kit.js";

export interface CodecCalculatorSettings {
  height: number;
  width: number;
  f: number;
  c: number;
  patch: number;
  dtype: Dtype;
  /** Images per batch, for the batch's memory. */
  batch: number;
}

export const codecCalculatorDefaults: CodecCalculatorSettings = {height: 1024, width: 1024, f: 8, c: 16, patch: 2, dtype: "bf16", batch: 16};

const DTYPES: readonly Dtype[] = ["bf16", "fp16", "fp32"];

/** null, or a message naming the first bad setting (also the embed page's check of its address). */
export function checkCodecCalculator(s: CodecCalculatorSettings): string | null {
  if (!DTYPES.includes(s.dtype)) return `invalid dtype: ${JSON.stringify(s.dtype)}; expected ${DTYPES.join(", ")}`;
  if (!Number.isInteger(s.batch) || s.batch < 1 || s.batch > 4096) return `invalid batch: ${s.batch}; expected an integer in [1, 4096]`;
  try { latentShape(s); return null; } catch (e) { return (e as Error).message; }
}

export interface CodecCalculatorElement extends HTMLElement {
  /** The last valid settings and their latent. */
  readonly value: CodecCalculatorSettings & {latent: LatentShape};
  /** Sets some fields as if typed (tests and pages); returns the message, or null if the settings are valid. */
  set(changes: Partial<CodecCalculatorSettings>): string | null;
}

/** The calculator's results as label/value pairs (also its text for screen readers). */
export function calculatorResults(s: CodecCalculatorSettings, l: LatentShape): [string, string][] {
  return [
    ["Latent shape h×w×c", `${l.h}×${l.w}×${l.c}`],
    ["Numbers per latent", `${int(l.numbers)} (image: ${int(l.imageNumbers)})`],
    ["Compression 3f²/c", `${times(l.compression)} fewer numbers`],
    [`Tokens at patch ${s.patch}`, `${int(l.tokens)} of ${int(l.tokenDim)} numbers`],
    [`Memory per latent (${s.dtype})`, formatBytes(l.bytesPerImage(s.dtype))],
    [`Batch of ${s.batch} (${s.dtype})`, formatBytes(s.batch * l.bytesPerImage(s.dtype))],
    ["Same latent in fp32 / fp16", `${formatBytes(l.bytesPerImage("fp32"))} / ${formatBytes(l.bytesPerImage("fp16"))}`],
    ["Image in fp32, for comparison", formatBytes(l.imageNumbers * bytesPerNumber.fp32)]
  ];
}

export function codecCalculator(options: Partial<CodecCalculatorSettings> & {title?: string} = {}): CodecCalculatorElement {
  ensureCodecStyle();
  const {title = "Latent-shape calculator", ...given} = options;
  let good: CodecCalculatorSettings = {...codecCalculatorDefaults, ...given};
  let latent = latentShape(good);
  const root = document.createElement("section") as unknown as CodecCalculatorElement;
  root.className = "codec-box codec-calculator";
  root.setAttribute("aria-label", title);
  const h = document.createElement("h3");
  h.textContent = title;

  const form = document.createElement("form");
  form.className = "codec-form";
  form.setAttribute("aria-label", `${title}: settings`);
  form.addEventListener("submit", (e) => e.preventDefault());
  const preset = document.createElement("select");
  preset.append(new Option("custom", ""), ...codecs.map((r) => new Option(`${r.name} (f${r.f}c${r.c}, p ${r.patch})`, r.id)));
  const number = (key: "height" | "width" | "f" | "c" | "patch" | "batch", min: number, step = 1) => {
    const input = document.createElement("input");
    Object.assign(input, {type: "number", min: String(min), step: String(step), value: String(good[key]), inputMode: "numeric"});
    input.addEventListener("input", () => { preset.value = ""; apply({[key]: input.value === "" ? NaN : Number(input.value)}); });
    return input;
  };
  const inputs = {height: number("height", 1), width: number("width", 1), f: number("f", 1), c: number("c", 1), patch: number("patch", 1), batch: number("batch", 1)};
  const dtype = document.createElement("select");
  dtype.append(...DTYPES.map((d) => new Option(d, d)));
  dtype.value = good.dtype;
  dtype.addEventListener("change", () => apply({dtype: dtype.value as Dtype}));
  preset.addEventListener("change", () => {
    const row = codecs.find((r) => r.id === preset.value);
    if (row) apply({f: row.f, c: row.c, patch: row.patch}, true);
  });
  form.append(
    codecField("Published codec", preset),
    codecField("Image height (px)", inputs.height), codecField("Image width (px)", inputs.width),
    codecField("Downsampling f", inputs.f), codecField("Latent channels c", inputs.c),
    codecField("Transformer patch p", inputs.patch), codecField("Number type", dtype), codecField("Batch size", inputs.batch)
  );
  const message = el("p", {className: "codec-message"});
  message.setAttribute("role", "alert");
  const result = el("dl", {className: "codec-result"});
  result.setAttribute("aria-live", "polite");
  const table = codecTable(codecs, good.height, good.width, {dtype: good.dtype});
  root.append(h, form, message, result, table);

  function draw() {
    result.replaceChildren(...calculatorResults(good, latent).map(([k, v]) => {
      const div = document.createElement("div");
      const dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = k; dd.textContent = v;
      div.append(dt, dd);
      return div;
    }));
    const match = codecs.find((r) => r.f === good.f && r.c === good.c && r.patch === good.patch);
    table.update(good.height, good.width, {dtype: good.dtype, selected: match?.id ?? null});
  }

  function apply(changes: Partial<CodecCalculatorSettings>, fill = false): string | null {
    const next = {...good, ...changes};
    const bad = checkCodecCalculator(next);
    for (const [k, input] of Object.entries(inputs)) {
      if (fill && k in changes) input.value = String(next[k as keyof typeof inputs]);
      input.setAttribute("aria-invalid", String(!!bad && bad.startsWith(`invalid ${k}`)));
    }
    if (bad) {
      message.textContent = `${bad}. Showing the last valid settings (${good.height}×${good.width}, f ${good.f}, c ${good.c}, p ${good.patch}).`;
      return bad;
    }
    message.textContent = "";
    good = next;
    latent = latentShape(good);
    draw();
    root.dispatchEvent(new Event("input", {bubbles: true}));
    return null;
  }

  draw();
  Object.defineProperty(root, "value", {get: () => ({...good, latent})});
  root.set = (changes) => {
    for (const [k, v] of Object.entries(changes)) {
      if (k === "dtype") dtype.value = String(v);
      else if (k in inputs) inputs[k as keyof typeof inputs].value = String(v);
    }
    return apply(changes);
  };
  return root;
}
