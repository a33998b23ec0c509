import {describe, expect, it} from "vitest";
import {iframeSnippet, moduleSnippet} from "../../src/widgets/runtime/embedSnippets.js";
import {diffFrom} from "../../src/widgets/runtime/urlCodec.js";
import {parseState, stateDefaults, stateToSearch} from "../../src/widgets/runtime/urlState.js";

describe("embedSnippets", () => {
  const state = {...stateDefaults, latentDim: 2, seed: 3, show: ["loss" as const, "map" as const]};

  it("iframeSnippet(root, name, query, title) points at the embed page with the state in its query", () => {
    const html = iframeSnippet("https://example.org/vae/", "vae-trainer", stateToSearch(state), "VAE \"trainer\"");
    const src = /src="([^"]+)"/.exec(html)![1].replace(/&amp;/g, "&");
    expect(src).toBe("https://example.org/vae/embed/vae-trainer?latentDim=2&seed=3&show=loss%2Cmap");
    expect({...stateDefaults, ...parseState(new URL(src).search).state}).toEqual(state);
    expect(html).toContain('title="VAE &quot;trainer&quot;"');
    expect(html).toMatch(/vae-textbook:height/);
  });

  it("moduleSnippet(root, name, export, state) imports the exported module and passes only what differs", () => {
    const js = moduleSnippet("https://example.org/vae/", "vae-trainer", "vaeTrainer", diffFrom(state, stateDefaults));
    expect(js).toContain(`import {vaeTrainer} from "https://example.org/vae/embed/vae-trainer.js";`);
    expect(js).toContain(`vaeTrainer({state: {"latentDim":2,"seed":3,"show":["loss","map"]}})`);
    expect(diffFrom(stateDefaults, stateDefaults)).toEqual({});
  });
});
