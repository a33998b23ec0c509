// The importance-weighted bound of "The ELBO" as an ES module for other sites. Framework exports this file to
// dist/embed/iwae-explorer.js (`dynamicPaths` in observablehq.config.ts), with its imports bundled:
//
//   <div id="iwae"></div>
//   <script type="module">
//   import {iwaeExplorer} from "https://SITE/embed/iwae-explorer.js";
//   document.getElementById("iwae").append(iwaeExplorer({state: {k: 100, seed: 3, m: 2}}));
//   </script>
//
// The module, KaTeX's stylesheet (added to the page once) and the code are loaded from this site, which must send
// `Access-Control-Allow-Origin`.
import {FileAttachment} from "observablehq:stdlib";

// Imported dynamically, as in vae-trainer.js: Framework 1.13.4 cannot export a module whose static imports reach npm
// packages that import other packages (the chart uses d3).
const [{iwaeExplorer: iwaeWidget}, {ensureStylesheet}] = await Promise.all([
  import("../src/widgets/iwaeExplorer.js"),
  import("../src/widgets/elboStyle.js")
]);

/** KaTeX's stylesheet (fonts inlined) on the site that serves this module, for the equations. */
export const katexStylesheet = FileAttachment("../assets/katex.css").href;

/**
 * An IWAE_K explorer; append the element it returns to the page, and call its `.dispose()` when removing it.
 * @param {object} [options]
 * @param {object} [options.state] starting state, e.g. {k: 100, seed: 3} and the model and q as for elboExplorer
 *   ({model: "linear", x: 1.5, w: 1, s: 0.7, m: 0, v: 1})
 * @param {string} [options.label] the widget's accessible name
 * @param {boolean} [options.syncUrl] read the state from the host page's address and write changes back (default
 *   false: the host page's address belongs to the host)
 * @param {string} [options.urlPrefix] prefix of the widget's parameters in the host page's address, with syncUrl
 * Other options of the widget (src/widgets/iwaeExplorer.ts) are passed through; `update(settings)` on the element
 * gives it a new model or q.
 */
export function iwaeExplorer({syncUrl = false, ...options} = {}) {
  ensureStylesheet(katexStylesheet);
  return iwaeWidget({...options, syncUrl});
}
