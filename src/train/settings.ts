// Checking a trainer's settings, without TensorFlow.js: the page's main thread and the Worker use the same rules.
import {validateVaeConfig} from "../models/vaeConfig.js";
import {BACKENDS, isBackendChoice} from "./backendNames.js";
import type {Settings} from "./protocol.js";
import {validateTrainOptions} from "./trainOptions.js";

/** Held-out digits offered as interpolation ends (and sent as thumbnails). */
export const THUMBS = 100;

/** Checks a partial settings object; returns a message for the first bad value, or null. */
export function settingsError(s: Partial<Settings>): string | null {
  try {
    validateVaeConfig({latentDim: s.latentDim, hiddenDim: s.hiddenDim, beta: s.beta, variational: s.variational});
    validateTrainOptions({seed: s.seed, batchSize: s.batchSize, lr: s.lr});
  } catch (e) {
    return (e as Error).message;
  }
  if (s.backend !== undefined && !isBackendChoice(s.backend)) return `invalid backend: ${String(s.backend)}; expected auto, ${BACKENDS.join(", ")}`;
  if (s.speed !== undefined && !(s.speed >= 0 && s.speed <= 1000)) return `invalid speed: ${s.speed}; expected steps per second in [0, 1000]`;
  if (s.pick !== undefined && !(Array.isArray(s.pick) && s.pick.length === 2 && s.pick.every((i) => Number.isInteger(i) && i >= 0 && i < THUMBS)))
    return `invalid pick: ${JSON.stringify(s.pick)}; expected two held-out indices in [0, ${THUMBS - 1}]`;
  return null;
}
