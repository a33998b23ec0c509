// Node-only, for data loaders (build time): a committed warm start (scripts/warmstart.ts), checked and written to
// stdout unchanged. Framework runs loaders from the project root, so `path` is relative to it.
import {readFileSync} from "node:fs";
import {decodeWarmStart} from "../train/warmStart.js";

export function passWarmStart(path: string): void {
  const text = readFileSync(path, "utf8");
  try {
    decodeWarmStart(JSON.parse(text)); // a broken file stops the build here, naming the field it found wrong
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}; remake it with npx tsx scripts/warmstart.ts`);
  }
  process.stdout.write(text);
}
