// The Worker side of a lab: registers the browser backends (browserBackends.ts) and hands every message to a
// LabSession, whose messages go back in batches (batchRecords). A lab's worker entry is one line:
// serveLab(spec, factory) (see lab.ts).
import {limitWasmThreads} from "./browserBackends.js";
import {decodeMnist} from "../data/mnistPack.js";
import type {FromLab, LabExtras, LabFactory, LabSpec, ToLab} from "./lab.js";
import {LabSession} from "./labSession.js";
import {batchRecords} from "./batchRecords.js";

async function fetchMnist(url: string) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load the digits (${url}: HTTP ${response.status})`);
  return decodeMnist(await response.arrayBuffer());
}

export interface ServeOptions<S extends object, A> extends LabExtras<S, A> {
  /** The lab's time is in large matrix products (784×400), which gain from a second WASM thread; most labs' models
   * are small, many short operations, which do not. */
  largeProducts?: boolean;
}

export function serveLab<S extends object, V, E = never, A = never>(spec: LabSpec<S>, factory: LabFactory<S, V, E, A>, {largeProducts = false, ...extras}: ServeOptions<S, A> = {}): void {
  limitWasmThreads({largeProducts});
  const post = batchRecords<FromLab<S, V, E, A>>((batch) => postMessage(batch));
  const session = new LabSession(spec, factory, post, fetchMnist, {}, extras);
  self.onmessage = (e: MessageEvent<ToLab<S>>) => void session.handle(e.data).catch(() => {}); // errors are posted as notices
}
