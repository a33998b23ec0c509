// How to start Chromium here, shared by the browser test and the benchmark (see FIELD-NOTES: "Browsers for tests").

/** The Debian package's binary; CHROMIUM overrides it. */
export const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Flags that let Chromium start quietly: no sandbox (root in CI), nothing fetched in the background. */
export const chromiumArgs = [
  "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-first-run", "--disable-quic"
];

/** WebGPU has no adapter on a machine without a GPU; these give it one on SwiftShader (slow but correct). */
export const webgpuArgs = [
  "--enable-unsafe-webgpu", "--enable-features=Vulkan", "--use-vulkan=swiftshader",
  "--use-webgpu-adapter=swiftshader", "--disable-vulkan-surface"
];
