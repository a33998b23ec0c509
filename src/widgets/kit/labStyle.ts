// The lab widgets' stylesheet (labShell.ts), added once, so a lab looks the same in a chapter, an embed or a fork.
// Follows the page's light or dark scheme through Framework's theme variables, with fallbacks for other pages.
import {addStyleOnce} from "./styleSheet.js";
const css = `
.lab { --lab-fg: var(--theme-foreground, #1b1e23); --lab-bg: var(--theme-background, #fff); --lab-muted: var(--theme-foreground-muted, #4a4f57);
  --lab-line: var(--theme-foreground-faint, #c9ccd1); --lab-accent: #1d4e89;
  contain: layout paint style; border: 1px solid var(--lab-line); border-radius: 8px; padding: 12px 14px; margin: 1rem 0 1.5rem;
  background: var(--lab-bg); color: var(--lab-fg); max-width: 1100px; font: 14px/1.45 system-ui, sans-serif; }
.lab-title { margin: 0 0 8px; font: 600 15px/1.3 system-ui, sans-serif; color: inherit; }
.lab-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.lab-bar button, .lab button.lab-action { font: inherit; font-weight: 600; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--lab-accent);
  background: transparent; color: var(--lab-fg); cursor: pointer; min-width: 4.5rem; }
.lab-bar button.lab-train { background: var(--lab-accent); color: #fff; }
.lab-bar button.lab-train[aria-pressed="true"] { background: #8a3b12; border-color: #8a3b12; }
.lab button:disabled { opacity: .55; cursor: default; }
.lab button:focus-visible, .lab select:focus-visible, .lab input:focus-visible, .lab summary:focus-visible { outline: 3px solid #0a66c2; outline-offset: 2px; }
.lab-status { font-variant-numeric: tabular-nums; color: var(--lab-muted); }
.lab-notices p { margin: 6px 0 0; padding: 4px 8px; border-radius: 4px; max-width: none; color: #1b1e23; }
.lab-info { background: #eef4fb; }
.lab-warning { background: #fff4dc; }
.lab-error { background: #fde8e8; color: #8b1a1a !important; }
.lab-body { margin-top: 10px; }
.lab-controls { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 170px), 1fr)); gap: 8px 16px; margin: 0 0 10px; }
.lab-field { display: flex; flex-direction: column; gap: 2px; }
.lab-field label, .lab-field legend { font-weight: 600; }
.lab-field input, .lab-field select { box-sizing: border-box; width: 100%; min-width: 0; font: inherit; padding: 3px 6px; border: 1px solid var(--lab-muted);
  border-radius: 4px; background: var(--lab-bg); color: inherit; }
.lab-field input[type=range] { padding: 0; border: 0; }
.lab-field output, .lab-field small { color: var(--lab-muted); font-size: 12px; font-variant-numeric: tabular-nums; }
.lab-views { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 340px), 1fr)); gap: 14px 24px; align-items: start; }
.lab-panel { min-width: 0; }
.lab-panel :is(h3, h4) { margin: 8px 0 4px; font: 600 14px/1.3 system-ui, sans-serif; color: inherit; }
.lab-panel canvas, .lab-panel svg { max-width: 100%; height: auto; }
.lab-wide { grid-column: 1 / -1; }
.lab-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 340px), 1fr)); gap: 0 16px; }
.lab-side .lab { padding: 10px; }
.run-together { display: flex; gap: 8px; margin: 1rem 0 0; }
.run-together button { font: 600 14px/1.45 system-ui, sans-serif; padding: 6px 14px; border-radius: 6px; border: 1px solid #1d4e89; background: #1d4e89; color: #fff; cursor: pointer; }
.run-together button:disabled { opacity: .55; cursor: default; }
`;

export function ensureLabStyle(doc: Document = document): void {
  addStyleOnce("vae-lab-style", css, doc);
}
