// The step walkthrough of "The reparameterisation trick" as an ES module for other sites. Framework exports this file
// to dist/embed/step-walkthrough.js (`dynamicPaths` in observablehq.config.ts), with its imports bundled and the
// digits' address filled in, so a course page needs nothing but this one import:
//
//   <div id="step"></div>
//   <script type="module">
//   import {stepWalkthrough} from "https://SITE/embed/step-walkthrough.js";
//   document.getElementById("step").append(stepWalkthrough({state: {seed: 3, index: 17}}));
//   </script>
//
// Everything (the module, TensorFlow.js, the digits) is then loaded from this site, which must send
// `Access-Control-Allow-Origin` (static hosts do; tests/browser/serve.mjs does).
import {FileAttachment} from "observablehq:stdlib";

// Imported dynamically, as in vae-trainer.js: Framework 1.13.4 cannot export a module whose static imports reach npm
// packages that import other packages (tfjs, d3).
const [{stepWalkthrough: walkthroughWidget}, {decodeMnist}] = await Promise.all([
  import("../src/widgets/stepWalkthrough.js"),
  import("../src/data/mnistPack.js")
]);

/** The packed digits on the site that serves this module: an absolute URL, resolved against import.meta.url. */
export const dataUrl = FileAttachment("../data/mnist.bin").href;

// The held-out digits, fetched once, when this module is imported (the widget needs them when it is made).
const {test: digits} = await decodeMnist(await FileAttachment("../data/mnist.bin").arrayBuffer());

/**
 * The step walkthrough; append the element it returns to the page, and call its `.dispose()` when removing it.
 * @param {object} [options]
 * @param {object} [options.state] the seed of the weights and of ε, and the digit: e.g. {seed: 3, index: 17}
 *   (index: 0–999, into the 1,000 held-out digits, interleaved by class: 0, 1, …, 9, 0, 1, …)
 * @param {string} [options.label] the widget's accessible name
 * @param {boolean} [options.syncUrl] read the settings from the host page's address and write changes back (default
 *   false: the host page's address belongs to the host)
 * @param {string} [options.urlPrefix] prefix of the widget's parameters in the host page's address, with syncUrl
 * Other options of the widget (src/widgets/stepWalkthrough.ts) are passed through; `digits` defaults to the held-out
 * MNIST digits of this site.
 */
export function stepWalkthrough({syncUrl = false, ...options} = {}) {
  return walkthroughWidget({digits, ...options, syncUrl});
}
