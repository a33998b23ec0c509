// The ELBO explorer of "The ELBO" as an ES module for other sites. Framework exports this file to
// dist/embed/elbo-explorer.js (`dynamicPaths` in observablehq.config.ts), with its imports bundled, so a course page
// needs nothing but this one import:
//
//   <div id="elbo"></div>
//   <script type="module">
//   import {elboExplorer} from "https://SITE/embed/elbo-explorer.js";
//   document.getElementById("elbo").append(elboExplorer({state: {model: "nonlinear", decoder: "tanh", x: 1.9}}));
//   </script>
//
// The module, KaTeX's stylesheet (added to the page once) and the code are loaded from this site, which must send
// `Access-Control-Allow-Origin` (static hosts do; tests/browser/serve.mjs does).
import {FileAttachment} from "observablehq:stdlib";

// Imported dynamically, as in vae-trainer.js: Framework 1.13.4 cannot export a module whose static imports reach npm
// packages that import other packages (the explorer's charts use d3).
const [{elboExplorer: explorerWidget}, {ensureStylesheet}] = await Promise.all([
  import("../src/widgets/elboExplorer.js"),
  import("../src/widgets/elboStyle.js")
]);

/** KaTeX's stylesheet (fonts inlined) on the site that serves this module, for the equations. */
export const katexStylesheet = FileAttachment("../assets/katex.css").href;

/**
 * An ELBO explorer; append the element it returns to the page, and call its `.dispose()` when removing it.
 * @param {object} [options]
 * @param {object} [options.state] starting settings, e.g. {model: "nonlinear", decoder: "square", x: 2, s: 0.5, m: 0.5, v: 0.2}
 *   (model "linear" | "nonlinear"; decoder "square" | "tanh" | "linear"; x, w, s: the model; m, v: q = N(m, v))
 * @param {string} [options.label] the widget's accessible name
 * @param {boolean} [options.syncUrl] read the settings from the host page's address and write changes back (default
 *   false: the host page's address belongs to the host)
 * @param {string} [options.urlPrefix] prefix of the widget's parameters in the host page's address, with syncUrl
 * Other options of the widget (src/widgets/elboExplorer.ts) are passed through.
 */
export function elboExplorer({syncUrl = false, ...options} = {}) {
  ensureStylesheet(katexStylesheet);
  return explorerWidget({...options, syncUrl});
}
