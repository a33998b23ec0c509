// Site configuration for Observable Framework. Everything the site loads is served from its own origin:
// no web fonts (globalStylesheets is empty), no CDN scripts.
export default {
  title: "Variational Autoencoders, trained in your browser",
  root: "docs",
  globalStylesheets: [],
  pages: [
    {name: "1. A VAE on MNIST", path: "/chapters/01-vae-on-mnist"}
  ],
  pager: true,
  search: false
};
