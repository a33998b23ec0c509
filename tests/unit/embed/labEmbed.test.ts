// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {addressWarning, MAX_TEXT, postHeight, settingsFromAddress} from "../../../src/widgets/runtime/labEmbed.js";
import {vqToySpec} from "../../../src/labs/vqToySpec.js";
import {vqMnistSpec} from "../../../src/labs/vqMnistSpec.js";
import {codecLabSpec} from "../../../src/labs/codecLabSpec.js";
import {linearVaeLabSpec} from "../../../src/labs/linearVaeSpec.js";
import {annealingSpec} from "../../../src/labs/annealingSpec.js";
import {checkLinearVaeWidget, sigma2Range} from "../../../src/widgets/linearVaeLab.js";

describe("settingsFromAddress", () => {
  it("reads each key by the type of its default and ignores other keys", () => {
    const {settings, problem} = settingsFromAddress(vqToySpec, "?K=8&data=rings&reset=true&beta=0.5&lr=.02&colour=red&__proto__=1");
    expect(problem).toBeNull();
    expect(settings).toEqual({...vqToySpec.defaults, K: 8, data: "rings", reset: true, beta: 0.5, lr: 0.02});
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
  });

  it("gives the defaults for an empty address, and accepts a URLSearchParams", () => {
    expect(settingsFromAddress(vqToySpec, "")).toEqual({settings: vqToySpec.defaults, problem: null});
    expect(settingsFromAddress(codecLabSpec, new URLSearchParams({f: "8", c: "16", loss: "laplace", beta: "1e-6"}))).toEqual({
      settings: {...codecLabSpec.defaults, f: 8, c: 16, loss: "laplace", beta: 1e-6}, problem: null
    });
  });

  it("reads text settings as text: the spectrum and the FSQ levels", () => {
    expect(settingsFromAddress(linearVaeLabSpec, "?spectrum=3,%201,0.2&sigma2=0.3").settings).toMatchObject({spectrum: "3, 1,0.2", sigma2: 0.3});
    expect(settingsFromAddress(vqMnistSpec, "?quantizer=fsq&levels=8,5,5,5").settings).toMatchObject({quantizer: "fsq", levels: "8,5,5,5"});
  });

  const hostile: [string, string, RegExp][] = [
    ["markup in a number", "?K=<script>alert(1)</script>", /^invalid K: "<script>alert\(1\)<\/script>"; expected a number$/],
    ["markup in an enum", "?data=<script>", /^invalid data: "<script>"; expected one of blobs, rings$/],
    ["an overflowing number", "?beta=1e999", /^invalid beta: "1e999"; expected a finite number$/],
    ["NaN", "?lr=NaN", /^invalid lr: "NaN"; expected a number$/],
    ["Infinity", "?lr=Infinity", /^invalid lr: "Infinity"; expected a number$/],
    ["an empty number", "?K=", /^invalid K: ""; expected a number$/],
    ["a hexadecimal number", "?K=0x10", /^invalid K: "0x10"; expected a number$/],
    ["a padded number", "?K=%208", /^invalid K: " 8"; expected a number$/],
    ["a boolean not spelt true or false", "?reset=1", /^invalid reset: "1"; expected true or false$/],
    ["an empty boolean", "?reset", /^invalid reset: ""; expected true or false$/],
    ["an empty enum", "?init=", /^invalid init: ""; expected one of corner, data, uniform$/],
    ["a repeated key", "?K=8&K=16", /^repeated K: given 2 times \("8", "16"\); expected once$/],
    ["a value out of range", "?K=65", /^invalid K: 65; expected an integer in \[2, 64\]$/],
    ["a fraction for an integer", "?seed=1.5", /^invalid seed: 1.5/],
    ["a negative seed", "?seed=-1", /^invalid seed: -1/]
  ];
  for (const [what, search, message] of hostile) {
    it(`names ${what} and keeps the defaults`, () => {
      const {settings, problem} = settingsFromAddress(vqToySpec, search);
      expect(problem).toMatch(message);
      expect(settings).toEqual(vqToySpec.defaults);
    });
  }

  it("names every unreadable value at once, and keeps the good ones out too", () => {
    const {settings, problem} = settingsFromAddress(vqToySpec, "?K=x&beta=1e999&data=rings");
    expect(problem).toBe(`invalid K: "x"; expected a number; invalid beta: "1e999"; expected a finite number`);
    expect(settings).toEqual(vqToySpec.defaults);
  });

  it("names unreadable values and then the first value the check refuses", () => {
    const {settings, problem} = settingsFromAddress(annealingSpec, "?kind=bogus&warmup=1e999");
    expect(problem).toBe(`invalid warmup: "1e999"; expected a finite number; invalid kind: "bogus"; expected one of none, linear, cyclical, sigmoid, constant, freeBits`);
    expect(settings).toEqual(annealingSpec.defaults);
  });

  it("refuses a long text value, quoting only its start", () => {
    const long = "4,".repeat(MAX_TEXT);
    const {problem} = settingsFromAddress(vqMnistSpec, `?levels=${long}`);
    expect(problem).toMatch(new RegExp(`^invalid levels: "(4,){20}…" \\(${long.length} characters\\); expected at most ${MAX_TEXT}$`));
  });

  it("passes cross-setting checks to the spec: n must exceed the spectrum's dimension", () => {
    expect(settingsFromAddress(linearVaeLabSpec, "?spectrum=1,1,1,1&n=4").problem).toBe("invalid n: 4; expected an integer in [5, 1024]");
    expect(settingsFromAddress(annealingSpec, "?kind=cyclical&cycles=0").problem).toMatch(/^invalid cycles: 0/);
    expect(settingsFromAddress(annealingSpec, "?kind=bogus").problem).toMatch(/^invalid kind: "bogus"/);
  });

  it("never throws: a check that throws becomes the problem", () => {
    const spec = {defaults: {a: 1}, check: () => { throw new Error("boom"); }};
    expect(settingsFromAddress(spec, "?a=2")).toEqual({settings: {a: 1}, problem: "unreadable settings in the address: boom"});
    expect(settingsFromAddress({defaults: {a: 1, list: [1]}, check: () => null}, "?list=2&a=%E0%A4%A")).toMatchObject({problem: expect.stringMatching(/^invalid a: /)});
  });
});

describe("addressWarning", () => {
  it("shows the problem as text, never as markup", () => {
    const p = addressWarning(`invalid data: "<img src=x onerror=alert(1)>"; expected "blobs" or "rings"`);
    expect(p.getAttribute("role")).toBe("alert");
    expect(p.querySelector("img")).toBeNull();
    expect(p.textContent).toBe(`invalid data: "<img src=x onerror=alert(1)>"; expected "blobs" or "rings" (from the page's address); using the defaults instead.`);
  });
});

describe("postHeight", () => {
  function fakeWindow(height: number, framed = true) {
    const posted: unknown[] = [];
    let callback: (() => void) | null = null, disconnected = false;
    const parent = {postMessage: (m: unknown, origin: string) => { expect(origin).toBe("*"); posted.push(m); }};
    const win = {
      document: {documentElement: {getBoundingClientRect: () => ({height})}},
      ResizeObserver: class { constructor(cb: () => void) { callback = cb; } observe() { callback!(); } disconnect() { disconnected = true; } }
    } as unknown as Window & typeof globalThis;
    (win as {parent: unknown}).parent = framed ? parent : win;
    return {win, posted, resize: () => callback?.(), disconnected: () => disconnected};
  }

  it("posts the rounded-up height to the parent on every resize, until invalidated", async () => {
    const f = fakeWindow(812.2);
    let invalidate!: () => void;
    postHeight(new Promise<void>((r) => { invalidate = r; }), f.win);
    expect(f.posted).toEqual([{type: "vae-textbook:height", height: 813}]);
    f.resize();
    expect(f.posted).toHaveLength(2);
    invalidate();
    await Promise.resolve();
    await Promise.resolve();
    expect(f.disconnected()).toBe(true);
  });

  it("does nothing outside an iframe", () => {
    const f = fakeWindow(500, false);
    postHeight(new Promise(() => {}), f.win);
    expect(f.posted).toEqual([]);
  });
});

describe("the linear-VAE lab's σ² range", () => {
  it("runs from 0.05 to 5, or to 1.2 × the largest eigenvalue, so that every direction can collapse", () => {
    expect(sigma2Range([4, 2, 1, 0.5, 0.25])).toEqual([0.05, 5]);
    expect(sigma2Range([50, 20, 10])).toEqual([0.05, 60]);
    expect(sigma2Range([99.99])).toEqual([0.05, 120]);
  });

  it("an address's σ² beyond the slider for its spectrum is named; within it, it is read", () => {
    const spec = {defaults: linearVaeLabSpec.defaults, check: checkLinearVaeWidget};
    expect(settingsFromAddress(spec, "?sigma2=8").problem).toBe("invalid sigma2: 8; expected a number in [0.05, 5] for this spectrum");
    expect(settingsFromAddress(spec, "?sigma2=8&spectrum=50,20,10").settings).toMatchObject({sigma2: 8, spectrum: "50,20,10"});
    expect(settingsFromAddress(spec, "?sigma2=8&spectrum=4,x").problem).toBe("invalid eigenvalue: x; expected a number in (0, 100]");
  });
});
