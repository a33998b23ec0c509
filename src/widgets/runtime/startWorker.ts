// Starting a module Worker from a page or from an ES module another site imports.

/**
 * A module Worker running `url`. Browsers refuse a Worker script from another origin (a course page embedding our
 * ES module), so then a same-origin blob worker imports it instead (the site must send CORS headers, as static
 * hosts do).
 */
export function startWorker(url: URL): Worker {
  if (url.origin === location.origin) return new Worker(url, {type: "module"});
  const shim = new Blob([`import ${JSON.stringify(url.href)};`], {type: "text/javascript"});
  return new Worker(URL.createObjectURL(shim), {type: "module"});
}
