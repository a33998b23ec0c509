// The README's rule, checked: dependencies point one way, docs → widgets → viz / models / train → math.
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";

const root = join(import.meta.dirname, "../../src");
const importsOf = (folder: string): [string, string][] => readdirSync(join(root, folder), {recursive: true, encoding: "utf8"})
  .filter((f) => f.endsWith(".ts"))
  .flatMap((f) => [...readFileSync(join(root, folder, f), "utf8").matchAll(/^import[^"]*"(\.[^"]+)"/gm)].map((m): [string, string] => [`${folder}/${f}`, m[1]]));
const outside = (folder: string, allowed: string[]) => importsOf(folder)
  .filter(([, path]) => path.startsWith("../") && !allowed.some((a) => path.startsWith(`../${a}/`)))
  .map(([file, path]) => `${file} imports ${path}`);

describe("layering of src/", () => {
  it("nothing in src/math imports from another folder of src/", () => {
    expect(outside("math", [])).toEqual([]);
  });

  it("src/models imports only src/math, and src/train nothing from viz, widgets or labs", () => {
    expect(importsOf("models").some(([, path]) => path.startsWith("../math/"))).toBe(true); // the scan reads imports
    expect(outside("models", ["math"])).toEqual([]);
    expect(outside("train", ["math", "models", "data"])).toEqual([]);
  });
});
