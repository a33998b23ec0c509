// The Worker side of a lab: registers the browser backends (browserBackends.ts) and hands every
// message to a LabSession, whose messages go back in batches (batchRecords). A lab's worker entry is one line:
// serveLab(spec, factory) (see lab.ts).
import {limitWasmThreads} from "./browserBackends.js";
import {decodeMnist} from "../data/mnistPack.js";
import type {FromLab, LabFactory, LabSpec, ToLab} from "./lab.js";
import {LabSession} from "./labSession.js";
import {batchRecords} from "./batchRecords.js";

async function fetchMnist(url: string) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load the digits (${url}: HTTP ${response.status})`);
  return decodeMnist(await response.arrayBuffer());
}

export function serveLab<S extends object, V>(spec: LabSpec<S>, factory: LabFactory<S, V>): void {
  limitWasmThreads({largeProducts: false}); // the labs' models are small: many short operations
  const session = new LabSession(spec, factory, batchRecords<FromLab<S, V>>((batch) => postMessage(batch)), fetchMnist);
  self.onmessage = (e: MessageEvent<ToLab<S>>) => void session.handle(e.data).catch(() => {}); // errors are posted as notices
}
