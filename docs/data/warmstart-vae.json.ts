// Data loader (build time): the committed warm start (a precomputed VAE run; see scripts/warmstart.ts), checked and
// passed through unchanged. Framework runs loaders from the project root, so the path is relative to it.
import {readFileSync} from "node:fs";
import {decodeWarmStart} from "../../src/train/warmStart.ts";

const path = "data/warmstart/vae-mnist.json";
const text = readFileSync(path, "utf8");
try {
  decodeWarmStart(JSON.parse(text)); // a broken file stops the build here, naming the field it found wrong
} catch (e) {
  throw new Error(`${path}: ${(e as Error).message}; remake it with npx tsx scripts/warmstart.ts`);
}
process.stdout.write(text);
