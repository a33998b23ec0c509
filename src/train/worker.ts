// The Worker a trainer widget starts: registers the browser backends, then hands every message to a Session.
import {limitWasmThreads} from "./browserBackends.js";
import {decodeMnist} from "../data/mnistPack.js";
import type {FromWorker, ToWorker} from "./protocol.js";
import {Session} from "./session.js";

/** The ArrayBuffers of a message, moved rather than copied. */
function transfers(m: FromWorker): Transferable[] {
  if (m.type === "views") return [m.views.originals, m.views.reconstructions, m.views.samples, m.views.interpolation, m.views.grid].flatMap((a) => (a ? [a.buffer] : []));
  if (m.type === "thumbnails") return [m.images.buffer];
  return [];
}

limitWasmThreads({largeProducts: true}); // the chapter-1 VAE's time is in its 784×400 products

const session = new Session(
  (m) => postMessage(m, {transfer: transfers(m)}),
  async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not load the digits (${url}: HTTP ${response.status})`);
    return decodeMnist(await response.arrayBuffer());
  }
);

self.onmessage = (e: MessageEvent<ToWorker>) => void session.handle(e.data).catch(() => {}); // errors are posted as notices
