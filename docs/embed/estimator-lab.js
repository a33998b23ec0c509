// The estimator lab of "The reparameterisation trick" as an ES module for other sites. Framework exports this file to
// dist/embed/estimator-lab.js (`dynamicPaths` in observablehq.config.ts), with its imports bundled, so a course page
// needs nothing but this one import:
//
//   <div id="lab"></div>
//   <script type="module">
//   import {estimatorLab} from "https://SITE/embed/estimator-lab.js";
//   document.getElementById("lab").append(estimatorLab({state: {fn: "sin", mu: 0.8, sigma: 0.6, param: "sigma"}}));
//   </script>
//
// The module and its code are loaded from this site, which must send `Access-Control-Allow-Origin` (static hosts do;
// tests/browser/serve.mjs does).

// Imported dynamically, as in vae-trainer.js: Framework 1.13.4 cannot export a module whose static imports reach npm
// packages that import other packages (the lab's histograms use d3).
const {estimatorLab: labWidget} = await import("../src/widgets/estimatorLab.js");

/**
 * A gradient estimator lab; append the element it returns to the page, and call its `.dispose()` when removing it.
 * @param {object} [options]
 * @param {object} [options.state] starting settings, e.g. {fn: "sigmoid", k: 20, mu: 0, sigma: 1, param: "sigma", seed: 3}
 *   (fn "square" | "sin" | "sigmoid" | "step"; k: steepness of sigmoid(kz); mu, sigma: q = N(mu, sigma²); param
 *   "mu" | "sigma": the gradient shown; seed; sameAxis; perFrame: draws per frame)
 * @param {string} [options.label] the widget's accessible name
 * @param {boolean} [options.syncUrl] read the settings from the host page's address and write changes back (default
 *   false: the host page's address belongs to the host)
 * @param {string} [options.urlPrefix] prefix of the widget's parameters in the host page's address, with syncUrl
 * Other options of the widget (src/widgets/estimatorLab.ts) are passed through.
 */
export function estimatorLab({syncUrl = false, ...options} = {}) {
  return labWidget({...options, syncUrl});
}
