// @vitest-environment jsdom
// Controls made from a lab's schema: a value the check accepts is sent; one it refuses is named and taken back.
import {describe, expect, it} from "vitest";
import {defineLab} from "../../../src/train/settingsSchema.js";
import {schemaControls} from "../../../src/widgets/kit/schemaControls.js";

const spec = defineLab({
  name: "t",
  defaults: {n: 4, mode: "a", on: false},
  schema: {
    n: {kind: "number", min: 1, max: 64, integer: true, label: "Units", hint: "Per layer.", rebuild: true},
    mode: {kind: "choice", values: ["a", "b"], names: {a: "first", b: "second"}, label: "Mode"},
    on: {kind: "boolean", label: "Switch"}
  }
});

function setUp() {
  const sent: object[] = [], notices: string[] = [];
  const c = schemaControls(spec, {set: (x) => sent.push(x), notice: (_, text) => notices.push(text)}, {...spec.defaults});
  document.body.replaceChildren(c.element);
  const get = (label: string) => {
    const l = [...c.element.querySelectorAll("label")].find((x) => x.textContent === label)!;
    return document.getElementById(l.htmlFor) as HTMLInputElement & HTMLSelectElement;
  };
  const change = (el: HTMLElement) => el.dispatchEvent(new Event("change"));
  return {c, sent, notices, get, change};
}

describe("schemaControls", () => {
  it("makes one labelled control per setting, with the schema's names, bounds and hints", () => {
    const {c, get} = setUp();
    expect([...c.element.querySelectorAll("label")].map((l) => l.textContent)).toEqual(["Units", "Mode", "Switch"]);
    expect([get("Units").type, get("Units").min, get("Units").max, get("Units").step]).toEqual(["number", "1", "64", "1"]);
    expect([...get("Mode").options].map((o) => [o.value, o.textContent])).toEqual([["a", "first"], ["b", "second"]]);
    expect(get("Switch").type).toBe("checkbox");
    expect(document.getElementById(get("Units").getAttribute("aria-describedby")!)!.textContent).toBe("Per layer. Restarts the run.");
  });

  it("sends a good value as its setting's type, and names and takes back a bad one", () => {
    const {sent, notices, get, change} = setUp();
    get("Units").value = "8";
    change(get("Units"));
    get("Mode").value = "b";
    change(get("Mode"));
    get("Switch").checked = true;
    change(get("Switch"));
    expect(sent).toEqual([{n: 8}, {mode: "b"}, {on: true}]);
    get("Units").value = "1000";
    change(get("Units"));
    expect(notices).toEqual(["invalid n: 1000; expected an integer in [1, 64]. Kept n = 8."]);
    expect([get("Units").value, get("Units").getAttribute("aria-invalid")]).toEqual(["8", "true"]);
    get("Units").value = "";
    change(get("Units"));
    expect(notices.at(-1)).toBe("invalid n: NaN; expected an integer in [1, 64]. Kept n = 8.");
    expect(sent).toHaveLength(3);
  });

  it("show() displays the settings the lab confirmed", () => {
    const {c, get} = setUp();
    c.show({n: 16, mode: "b", on: true});
    expect([get("Units").value, get("Mode").value, get("Switch").checked]).toEqual(["16", "b", true]);
  });
});
