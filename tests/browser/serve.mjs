// A static file server for the built site (dist/), used by the browser tests and the benchmark.
// It sends COOP/COEP so that the page is crossOriginIsolated (WASM threads need SharedArrayBuffer).
import {createServer} from "node:http";
import {readFile, stat} from "node:fs/promises";
import {extname, join, normalize, resolve} from "node:path";

const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
  ".wasm": "application/wasm", ".png": "image/png", ".svg": "image/svg+xml", ".woff2": "font/woff2",
  ".woff": "font/woff", ".ttf": "font/ttf", ".bin": "application/octet-stream", ".ico": "image/x-icon"
};

/** Serves `root` on 127.0.0.1:`port` (0 = any free port); resolves to {server, url}. */
export function serve(root = "dist", {port = 0, isolate = true} = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) return void res.writeHead(403).end();
    try {
      let s = await stat(file).catch(() => null);
      if (s?.isDirectory()) file = join(file, "index.html");
      else if (!s && !extname(file)) file += ".html";
      const body = await readFile(file);
      const headers = {"content-type": types[extname(file)] ?? "application/octet-stream"};
      if (isolate) {
        headers["cross-origin-opener-policy"] = "same-origin";
        headers["cross-origin-embedder-policy"] = "require-corp";
        headers["cross-origin-resource-policy"] = "cross-origin";
        headers["access-control-allow-origin"] = "*"; // as static hosts send: lets another origin embed the modules
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, {"content-type": "text/plain"}).end("not found");
    }
  });
  return new Promise((ok) => server.listen(port, "127.0.0.1", () => ok({server, url: `http://127.0.0.1:${server.address().port}`})));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[3] ?? 3000);
  serve(process.argv[2] ?? "dist", {port}).then(({url}) => console.log(`serving ${url}`));
}
