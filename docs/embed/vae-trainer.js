// The trainer of "A VAE on MNIST" as an ES module for other sites. Framework exports this file to
// dist/embed/vae-trainer.js (`dynamicPaths` in observablehq.config.ts), with its imports bundled and the digits'
// address filled in, so a course page needs nothing but this one import:
//
//   <div id="vae"></div>
//   <script type="module">
//   import {vaeTrainer} from "https://SITE/embed/vae-trainer.js";
//   document.getElementById("vae").append(vaeTrainer({state: {latentDim: 2}}));
//   </script>
//
// Everything (the module, the worker, the .wasm files, the digits) is then loaded from this site, which must send
// `Access-Control-Allow-Origin` (static hosts do; tests/browser/serve.mjs does).
import {FileAttachment} from "observablehq:stdlib";

// The widget is imported dynamically, and awaited here, so `vaeTrainer` below stays synchronous. A static import
// would be simpler, but Framework 1.13.4 cannot export a module whose static imports reach npm packages that import
// other packages (d3, tfjs): `observable build` stops with "Cannot find module 'd3@7.9.2/index.js'" (its
// getModuleStaticImports resolves the bundled paths again as package names). Dynamic imports are not followed there,
// and are still built and rewritten to the hashed files.
const {vaeTrainer: trainerWidget} = await import("../src/widgets/vaeTrainer.js");

/** The packed digits on the site that serves this module: an absolute URL, resolved against import.meta.url. */
export const dataUrl = FileAttachment("../data/mnist.bin").href;

/** The chapter's precomputed run (scripts/warmstart.ts), fetched once, when the first widget asks for it. */
let warmStart;
const defaultWarmStart = () => (warmStart ??= FileAttachment("../data/warmstart-vae.json").json());

/**
 * A trainer widget; append the element it returns to the page, and call its `.dispose()` when removing it.
 * @param {object} [options]
 * @param {object} [options.state] starting settings and views, e.g. {latentDim: 2, beta: 4, seed: 3, show: ["loss", "map"]}
 * @param {string} [options.label] the widget's accessible name
 * @param {boolean} [options.syncUrl] read the state from the host page's address and write changes back (default false:
 *   the host page's address belongs to the host)
 * @param {string} [options.urlPrefix] prefix of the widget's parameters in the host page's address, with syncUrl
 * @param {unknown} [options.warmStart] the precomputed run shown until the reader trains (default: the chapter's;
 *   null: none)
 * Other options of the widget (src/widgets/vaeTrainer.ts) are passed through.
 */
export function vaeTrainer({syncUrl = false, ...options} = {}) {
  return trainerWidget({...options, dataUrl, syncUrl, warmStart: "warmStart" in options ? options.warmStart : defaultWarmStart()});
}
