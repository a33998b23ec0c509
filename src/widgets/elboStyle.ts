// The stylesheet of the ELBO chapter's widgets (elboExplorer, iwaeExplorer), added to the document once, so that a
// widget looks the same in a chapter, an embed or a forked page. Light inside, like the course's other widgets, so the
// colour-blind-safe chart colours keep their contrast in a dark page.
import {addStyleOnce} from "./kit/styleSheet.js";
const css = `
.elbo-widget { color-scheme: light; border: 1px solid #c9ccd1; border-radius: 8px; padding: 12px 14px; margin: 1rem 0 1.5rem; background: #fff; color: #1b1e23; max-width: 1100px; font: 14px/1.45 system-ui, sans-serif; }
.elbo-widget h3 { margin: 6px 0 4px; font: 600 14px/1.3 system-ui, sans-serif; color: inherit; }
.elbo-controls { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 340px), 1fr)); gap: 8px 20px; }
.elbo-controls fieldset { border: 1px solid #d5d8dc; border-radius: 6px; padding: 4px 10px 8px; margin: 0; min-width: 0; }
.elbo-controls legend { font-weight: 600; padding: 0 4px; }
.elbo-field { display: grid; grid-template-columns: minmax(8.5rem, 11rem) minmax(6rem, 1fr) 5.2rem; align-items: center; gap: 2px 8px; margin: 5px 0; }
.elbo-field label { font-weight: 600; }
.elbo-field input[type=range] { width: 100%; min-width: 0; margin: 0; accent-color: #1d4e89; }
.elbo-field input[type=number], .elbo-field select { font: inherit; font-variant-numeric: tabular-nums; padding: 2px 4px; border: 1px solid #8a9099; border-radius: 4px; background: #fff; color: inherit; width: 100%; box-sizing: border-box; }
.elbo-field select { grid-column: 2 / -1; }
.elbo-field input[aria-invalid="true"] { border-color: #b3261e; }
.elbo-field small { grid-column: 1 / -1; color: #8b1a1a; font-size: 12px; }
.elbo-field small:empty { display: none; }
.elbo-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 10px 0 2px; }
.elbo-bar button { font: inherit; font-weight: 600; padding: 6px 14px; border-radius: 6px; border: 1px solid #3d5a80; background: #f3f6fa; color: #1d3557; cursor: pointer; min-width: 4.5rem; }
.elbo-bar button.elbo-primary { background: #1d4e89; border-color: #1d4e89; color: #fff; }
.elbo-bar button.elbo-primary.elbo-running { background: #8a3b12; border-color: #8a3b12; }
.elbo-status { font-variant-numeric: tabular-nums; color: #30343b; }
.elbo-equations { overflow-x: auto; overflow-y: hidden; margin: 6px 0; padding: 2px 0; }
.elbo-equations .katex-display { margin: 0.3em 0; }
.elbo-note { color: #30343b; margin: 4px 0 8px; max-width: none; }
.elbo-notice { background: #fff4dc; border-radius: 4px; padding: 4px 8px; margin: 0 0 8px; max-width: none; }
.elbo-widget .trainer-share { margin: 10px 0 0; }
.elbo-widget .trainer-share summary { cursor: pointer; font-weight: 600; }
.elbo-widget .trainer-snippet { display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; margin: 6px 0; }
.elbo-widget .trainer-snippet label { grid-column: 1 / -1; font-weight: 600; }
.elbo-widget .trainer-snippet textarea { font: 12px/1.4 ui-monospace, monospace; width: 100%; box-sizing: border-box; resize: vertical; }
.elbo-widget .trainer-snippet button { align-self: start; font: inherit; padding: 3px 10px; }
.elbo-widget .trainer-snippet [role=status] { grid-column: 1 / -1; font-size: 12px; color: #30343b; }
.elbo-views { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 380px), 1fr)); gap: 10px 24px; align-items: start; }
.elbo-views > * { min-width: 0; }
.elbo-widget svg { max-width: 100%; height: auto; }
@media (max-width: 600px) {
  .elbo-widget { padding: 10px 8px; }
  .elbo-controls fieldset { padding: 4px 6px 6px; }
  .elbo-field { grid-template-columns: minmax(0, 1fr) 4.8rem; }
  .elbo-field label, .elbo-field select { grid-column: 1 / -1; }
  .elbo-field input[type=number] { grid-column: 2; }
}
.elbo-widget button:focus-visible, .elbo-widget input:focus-visible, .elbo-widget select:focus-visible, .elbo-widget textarea:focus-visible, .elbo-widget summary:focus-visible { outline: 3px solid #0a66c2; outline-offset: 2px; }
`;

export function ensureElboStyle(doc: Document = document): void {
  addStyleOnce("vae-elbo-style", css, doc);
}

/** A stylesheet link added to the document once (KaTeX's, for a widget on a page that does not load it). */
export function ensureStylesheet(href: string, doc: Document = document): void {
  if ([...doc.querySelectorAll<HTMLLinkElement>("link[rel=stylesheet]")].some((l) => l.href === href)) return;
  doc.head.append(Object.assign(doc.createElement("link"), {rel: "stylesheet", href}));
}
