// The site root the share panel's snippets point at, from the address a module is served at: the part before
// Framework's /_import/, whatever folder of src/ the module sits in (a move of urlSync.ts once broke a fixed "../").
import {describe, expect, it} from "vitest";
import {siteRootOfModule} from "../../../src/widgets/runtime/urlSync.js";

describe("siteRootOfModule", () => {
  it("is the address before /_import/, at any depth and under any folder of the host", () => {
    expect(siteRootOfModule("https://uni.example/course/vae/_import/src/widgets/runtime/urlSync.0a1b2c3d.js")).toBe("https://uni.example/course/vae/");
    expect(siteRootOfModule("http://127.0.0.1:3000/_import/src/widgets/urlSync.js")).toBe("http://127.0.0.1:3000/");
  });

  it("is the host's root for a module not built by Framework", () => {
    expect(siteRootOfModule("http://localhost:5173/src/widgets/runtime/urlSync.ts")).toBe("http://localhost:5173/");
  });
});
