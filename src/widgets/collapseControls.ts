// The collapse-comparison widget's few rules beyond the lab stylesheet (its fields are the kit's: kit.ts).
import {addStyleOnce} from "./kit/styleSheet.js";

const css = `
.collapse-compare { font: 14px/1.45 system-ui, sans-serif; max-width: 1100px; margin: 1rem 0 1.5rem; }
.collapse-compare form { align-items: end; border: 1px solid var(--theme-foreground-faint, #c9ccd1); border-radius: 8px; padding: 10px 14px; }
.collapse-compare form button { font: inherit; font-weight: 600; padding: 6px 14px; border-radius: 6px; border: 1px solid #1d4e89; background: #1d4e89; color: #fff; cursor: pointer; }
.collapse-compare button:focus-visible, .collapse-compare select:focus-visible, .collapse-compare input:focus-visible { outline: 3px solid #0a66c2; outline-offset: 2px; }
.collapse-compare figcaption { color: var(--theme-foreground-muted, #4a4f57); }
`;

/** The comparison widget's few rules beyond the lab stylesheet, added once. */
export function ensureCollapseStyle(doc: Document = document): void {
  addStyleOnce("vae-collapse-style", css, doc);
}
