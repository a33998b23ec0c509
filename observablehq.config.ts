// Site configuration for Observable Framework. Everything the site loads is served from its own origin:
// no web fonts (globalStylesheets is empty), no CDN scripts.
//
// Accessibility of Framework 1.13's page template (checked by axe-core in tests/browser/run.mjs):
// the template hard-codes `<html>` without a lang, a viewport that forbids zooming (maximum-scale=1), a sidebar
// checkbox named only by its title, an empty <label> inside the sidebar's <ol>, and several unnamed <nav>s.
// Config cannot reach those, so `head` carries one small inline script that repairs them as the page parses;
// colours and link underlines are fixed in docs/style.css.
const templateFixes = `
document.documentElement.lang = "en";
document.querySelector('meta[name="viewport"]')?.setAttribute("content", "width=device-width, initial-scale=1");
document.addEventListener("DOMContentLoaded", () => {
  const $ = (selector) => document.querySelector(selector);
  $("#observablehq-sidebar-toggle")?.setAttribute("aria-label", "Show or hide the list of chapters");
  for (const id of ["#observablehq-sidebar-close", "#observablehq-sidebar-backdrop"]) $(id)?.setAttribute("aria-hidden", "true");
  $("#observablehq-sidebar")?.setAttribute("aria-label", "Chapters");
  $("#observablehq-toc")?.setAttribute("aria-label", "On this page");
  $("#observablehq-toc nav")?.setAttribute("aria-label", "Sections of this page");
  $("#observablehq-footer nav")?.setAttribute("aria-label", "Previous and next chapter");
});`;

export default {
  title: "Variational Autoencoders, trained in your browser",
  root: "docs",
  globalStylesheets: [],
  style: "style.css",
  head: `<link rel="icon" href="favicon.svg" type="image/svg+xml">
<script>${templateFixes}
</script>`,
  footer: `MNIST digits by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, used under
<a href="https://creativecommons.org/licenses/by-sa/3.0/">CC BY-SA 3.0</a>.
Built with <a href="https://observablehq.com/framework/">Observable Framework</a>.`,
  pages: [
    {name: "1. A VAE on MNIST", path: "/chapters/01-vae-on-mnist"},
    {name: "2. Why not a plain autoencoder?", path: "/chapters/02-autoencoders"},
    {name: "3. The ELBO", path: "/chapters/03-elbo"},
    {name: "4. The reparameterisation trick", path: "/chapters/04-reparameterisation"},
    {name: "5. Posterior collapse", path: "/chapters/05-posterior-collapse"},
    {name: "6. KL annealing and free bits", path: "/chapters/06-kl-annealing"},
    {name: "7. β-VAE and disentanglement", path: "/chapters/07-beta-vae"},
    {name: "8. VQ-VAE", path: "/chapters/08-vq-vae"},
    {name: "9. The VAE as the codec of latent diffusion", path: "/chapters/09-latent-diffusion-codec"},
    {name: "For instructors", path: "/instructors"}
  ],
  // Exported modules: each is built into dist/ at this path, for other sites to import (docs/embed/*.js; see
  // "Embedding" in README.md). The chrome-less pages for iframes, docs/embed/*.md, are built like any page.
  dynamicPaths: ["/embed/vae-trainer.js", "/embed/elbo-explorer.js", "/embed/iwae-explorer.js", "/embed/estimator-lab.js", "/embed/estimator-fit.js", "/embed/step-walkthrough.js"],
  pager: true,
  search: false
};
