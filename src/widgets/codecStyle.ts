// The stylesheet of the codec chapter's widgets (codecCalculator, codecLab), added once. It follows the page's light
// or dark theme through Framework's variables (with fallbacks), like the lab shell.
import {uid} from "../viz/a11y.js";
import {addStyleOnce} from "./kit/styleSheet.js";

const css = `
.codec-box { --codec-fg: var(--theme-foreground, #1b1e23); --codec-bg: var(--theme-background, #fff); --codec-muted: var(--theme-foreground-muted, #4a4f57);
  --codec-line: var(--theme-foreground-faint, #c9ccd1);
  border: 1px solid var(--codec-line); border-radius: 8px; padding: 12px 14px; margin: 1rem 0 1.5rem; background: var(--codec-bg); color: var(--codec-fg);
  max-width: 1100px; font: 14px/1.45 system-ui, sans-serif; }
.codec-box h3, .codec-box h4 { margin: 8px 0 4px; font: 600 14px/1.3 system-ui, sans-serif; color: inherit; }
.codec-form { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 150px), 1fr)); gap: 8px 16px; margin: 0 0 10px; border: 0; padding: 0; }
.codec-field { display: flex; flex-direction: column; gap: 2px; }
.codec-field label { font-weight: 600; }
.codec-field input, .codec-field select { box-sizing: border-box; width: 100%; min-width: 0; font: inherit; font-variant-numeric: tabular-nums; padding: 3px 6px;
  border: 1px solid var(--codec-muted); border-radius: 4px; background: var(--codec-bg); color: inherit; }
.codec-field input[aria-invalid="true"] { border-color: #b3261e; outline: 1px solid #b3261e; }
.codec-message { margin: 4px 0 8px; padding: 4px 8px; border-radius: 4px; background: #fde8e8; color: #8b1a1a; max-width: none; }
.codec-message:empty { display: none; }
.codec-result { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 200px), 1fr)); gap: 6px 16px; margin: 6px 0 10px; }
.codec-result div { border-left: 3px solid var(--codec-line); padding: 2px 8px; }
.codec-result dt { color: var(--codec-muted); font-size: 12px; }
.codec-result dd { margin: 0; font: 600 16px/1.3 system-ui, sans-serif; font-variant-numeric: tabular-nums; }
.codec-note { color: var(--codec-muted); margin: 4px 0; max-width: none; }
.codec-box button:focus-visible, .codec-box input:focus-visible, .codec-box select:focus-visible, .codec-box [tabindex]:focus-visible { outline: 3px solid #0a66c2; outline-offset: 2px; }
.codec-readout { font-variant-numeric: tabular-nums; margin: 6px 0; max-width: none; }
.codec-gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 250px), 1fr)); gap: 8px 16px; }
.codec-gallery figure { margin: 0; }
.codec-gallery canvas { border: 1px solid #c9ccd1; }
.codec-points table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.codec-points th, .codec-points td { padding: 3px 8px; border-bottom: 1px solid var(--codec-line); text-align: right; }
.codec-points th:first-child, .codec-points td:first-child { text-align: left; }
.codec-box canvas { background: #fff; }
`;

export function ensureCodecStyle(doc: Document = document): void {
  addStyleOnce("vae-codec-style", css, doc);
}

/** A labelled field: <div class="codec-field"><label for=…>text</label>control</div>. */
export function codecField(text: string, control: HTMLElement, note?: HTMLElement): HTMLElement {
  const div = document.createElement("div");
  div.className = "codec-field";
  control.id ||= uid("codec");
  const label = document.createElement("label");
  label.htmlFor = control.id;
  label.textContent = text;
  div.append(label, control);
  if (note) div.append(note);
  return div;
}
