// The fit comparison of "The reparameterisation trick" as an ES module for other sites. Framework exports this file
// to dist/embed/estimator-fit.js (`dynamicPaths` in observablehq.config.ts), with its imports bundled, so a course
// page needs nothing but this one import:
//
//   <div id="fit"></div>
//   <script type="module">
//   import {estimatorFit} from "https://SITE/embed/estimator-fit.js";
//   document.getElementById("fit").append(estimatorFit({state: {fn: "step", samples: 10}}));
//   </script>
//
// The module and its code are loaded from this site, which must send `Access-Control-Allow-Origin` (static hosts do;
// tests/browser/serve.mjs does).

// Imported dynamically, as in vae-trainer.js: Framework 1.13.4 cannot export a module whose static imports reach npm
// packages that import other packages (the chart uses d3).
const {estimatorFit: fitWidget} = await import("../src/widgets/estimatorFit.js");

/**
 * The fit comparison; append the element it returns to the page, and call its `.dispose()` when removing it.
 * @param {object} [options]
 * @param {object} [options.state] starting settings, e.g. {fn: "sin", mu0: 1.5, sigma0: 1, lr: 0.05, samples: 1, steps: 300, seed: 1}
 *   (fn "square" | "sin" | "sigmoid" | "step"; k: steepness of sigmoid(kz); mu0, sigma0: the start; lr: SGD's
 *   learning rate; samples: draws per step; steps; seed)
 * @param {string} [options.label] the widget's accessible name
 * @param {boolean} [options.syncUrl] read the settings from the host page's address and write changes back (default
 *   false: the host page's address belongs to the host)
 * @param {string} [options.urlPrefix] prefix of the widget's parameters in the host page's address, with syncUrl
 * Other options of the widget (src/widgets/estimatorFit.ts) are passed through.
 */
export function estimatorFit({syncUrl = false, ...options} = {}) {
  return fitWidget({...options, syncUrl});
}
