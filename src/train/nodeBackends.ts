// The backends of Node (tests, scripts, the benchmark): CPU, and WASM with the same faster kernels as the page, so
// that a seeded run in Node computes what the page computes.
import "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import {installFastKernels} from "./fastKernels.js";

installFastKernels();
