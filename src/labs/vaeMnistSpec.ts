// The lab of chapter 1, "A VAE on MNIST" (./vaeMnist.ts), as the runner sees it: its settings (train/vaeSettings.ts,
// where model files and warm starts read them too), which of them rebuild the model, and how often it is evaluated on
// held-out digits. Without TensorFlow.js.
import type {LabSpec} from "../train/lab.js";
import {resetKeys, settingDefaults, settingsError, type Settings} from "../train/vaeSettings.js";

export const vaeMnistSpec: LabSpec<Settings> = {
  name: "the VAE trainer",
  defaults: settingDefaults,
  check: settingsError,
  resetKeys,
  viewsEveryMs: 1000,
  evalEvery: 50
};
