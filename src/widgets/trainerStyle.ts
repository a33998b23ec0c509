// The trainer widget's stylesheet, added to the document once, so that a widget looks the same in a chapter,
// in an embed and in a forked page without any site stylesheet.
import {addStyleOnce} from "./kit/styleSheet.js";
const css = `
.trainer { contain: layout paint style; color-scheme: light; border: 1px solid #c9ccd1; border-radius: 8px; padding: 12px 14px; margin: 1rem 0 1.5rem; background: #fff; color: #1b1e23; max-width: 1100px; font: 14px/1.45 system-ui, sans-serif; }
.trainer-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.trainer-bar button { font: inherit; font-weight: 600; padding: 6px 14px; border-radius: 6px; border: 1px solid #3d5a80; background: #f3f6fa; color: #1d3557; cursor: pointer; min-width: 4.5rem; }
.trainer-bar button:first-child { background: #1d4e89; border-color: #1d4e89; color: #fff; }
.trainer-bar button[aria-pressed="true"] { background: #8a3b12; border-color: #8a3b12; }
.trainer-bar button:disabled { opacity: .55; cursor: default; }
.trainer button:focus-visible, .trainer select:focus-visible, .trainer input:focus-visible, .trainer summary:focus-visible { outline: 3px solid #0a66c2; outline-offset: 2px; }
.trainer-status { font-variant-numeric: tabular-nums; color: #30343b; }
.trainer-notices p, .trainer-collapse { margin: 6px 0 0; padding: 4px 8px; border-radius: 4px; max-width: none; }
.trainer-info { background: #eef4fb; }
.trainer-warning { background: #fff4dc; }
.trainer-error { background: #fde8e8; color: #8b1a1a; }
.trainer-settings { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 150px), 1fr)); gap: 8px 16px; margin: 12px 0 6px; }
.trainer-field { display: flex; flex-direction: column; gap: 2px; }
.trainer-field label { font-weight: 600; }
.trainer-field input, .trainer-field select { box-sizing: border-box; width: 100%; min-width: 0; font: inherit; padding: 3px 6px; border: 1px solid #8a9099; border-radius: 4px; background: #fff; color: inherit; }
.trainer-field input[aria-invalid="true"] { border-color: #b3261e; }
.trainer-field small { color: #4a4f57; font-size: 12px; }
.trainer-field small.trainer-error { color: #8b1a1a; background: none; padding: 0; }
.trainer-backends { margin: 6px 0 10px; }
.trainer-toggles { border: 0; padding: 0; margin: 0 0 10px; display: flex; flex-wrap: wrap; gap: 4px 14px; }
.trainer-toggles legend { font-weight: 600; padding: 0; margin-bottom: 2px; }
.trainer-backends table { border-collapse: collapse; margin-top: 6px; font-size: 13px; }
.trainer-backends caption { text-align: left; color: #4a4f57; padding-bottom: 4px; }
.trainer-backends th, .trainer-backends td { text-align: left; padding: 2px 10px 2px 0; border-bottom: 1px solid #e3e5e8; color: #1b1e23; }
/* the box stays light in a dark page; the theme's table colours are for a dark background */
.trainer-share { margin: 0 0 10px; }
.trainer-snippet { display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; margin: 6px 0; }
.trainer-snippet label { grid-column: 1 / -1; font-weight: 600; }
.trainer-snippet textarea { font: 12px/1.4 ui-monospace, monospace; width: 100%; box-sizing: border-box; resize: vertical; }
.trainer-snippet button { align-self: start; font: inherit; padding: 3px 10px; }
.trainer-snippet [role=status] { grid-column: 1 / -1; font-size: 12px; color: #30343b; }
.run-together { display: flex; gap: 8px; margin: 1rem 0 0; }
.run-together button { font: 600 14px/1.45 system-ui, sans-serif; padding: 6px 14px; border-radius: 6px; border: 1px solid #1d4e89; background: #1d4e89; color: #fff; cursor: pointer; }
.trainer-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 340px), 1fr)); gap: 0 16px; }
.trainer-side .trainer { padding: 10px; }
.trainer-files { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 0 0 10px; }
.trainer-files button { font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid #3d5a80; background: #f3f6fa; color: #1d3557; cursor: pointer; }
.trainer-files small { color: #4a4f57; font-size: 12px; }
.trainer-file-input { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.trainer-precomputed { background: #f1efe6; border-left: 4px solid #8a6d1d; padding: 6px 10px; margin: 8px 0; }
.trainer-views { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 360px), 1fr)); gap: 14px 24px; align-items: start; }
.trainer-panel { min-width: 0; contain: layout paint; }
.trainer-wide { grid-column: 1 / -1; }
.trainer-map { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: flex-start; }
.trainer-panel h3 { margin: 8px 0 4px; font: 600 14px/1.3 system-ui, sans-serif; color: inherit; }
.trainer-panel canvas, .trainer-panel svg { max-width: 100%; height: auto; }
.trainer-pickers { display: flex; flex-wrap: wrap; gap: 4px 18px; }
.trainer-hint { color: #4a4f57; }
`;

export function ensureTrainerStyle(doc: Document = document): void {
  addStyleOnce("vae-trainer-style", css, doc);
}
