// One schema per lab: the check, the rebuild keys and the messages all come from it.
import {describe, expect, it} from "vitest";
import {defineLab, numberRange, schemaCheck, settingError, type SettingsSchema} from "../../../src/train/settingsSchema.js";

interface S {n: number; rate: number; mode: string; f: number; on: boolean; list: string}
const schema: SettingsSchema<S> = {
  n: {kind: "number", min: 1, max: 64, integer: true, label: "N", rebuild: true},
  rate: {kind: "number", min: 0, max: 0.5, aboveMin: true, log: true, label: "Rate"},
  mode: {kind: "choice", values: ["a", "b"], label: "Mode", rebuild: true},
  f: {kind: "choice", values: [2, 4, 8], label: "F"},
  on: {kind: "boolean", label: "On"},
  list: {kind: "text", maxLength: 12, label: "List", parse: (v) => { if (!/^\d+(,\s*\d+)*$/.test(v)) throw new Error(`invalid list: ${JSON.stringify(v)}; expected whole numbers separated by commas`); }}
};
const defaults: S = {n: 4, rate: 0.1, mode: "a", f: 4, on: false, list: "1, 2"};

describe("settings schema", () => {
  it("settingError names the key, the value and what is expected, for each kind", () => {
    expect(numberRange(schema.n as never)).toBe("an integer in [1, 64]");
    expect(settingError("n", 2.5, schema.n)).toBe("invalid n: 2.5; expected an integer in [1, 64]");
    expect(settingError("n", 65, schema.n)).toBe("invalid n: 65; expected an integer in [1, 64]");
    expect(settingError("n", "4", schema.n)).toBe('invalid n: "4"; expected an integer in [1, 64]');
    expect(settingError("rate", 0, schema.rate)).toBe("invalid rate: 0; expected a number in (0, 0.5]");
    expect(settingError("rate", NaN, schema.rate)).toBe("invalid rate: NaN; expected a number in (0, 0.5]");
    expect(settingError("rate", 0.5, schema.rate)).toBeNull();
    expect(settingError("mode", "<b>", schema.mode)).toBe('invalid mode: "<b>"; expected one of a, b');
    expect(settingError("f", 3, schema.f)).toBe("invalid f: 3; expected one of 2, 4, 8");
    expect(settingError("f", "4", schema.f)).toBe('invalid f: "4"; expected one of 2, 4, 8');
    expect(settingError("on", "true", schema.on)).toBe('invalid on: "true"; expected true or false');
    expect(settingError("list", "1, x", schema.list)).toBe('invalid list: "1, x"; expected whole numbers separated by commas');
    expect(settingError("list", "1, 2, 3, 4, 5", schema.list)).toBe('invalid list: "1, 2, 3, 4, 5"; expected text of at most 12 characters');
  });

  it("schemaCheck takes the settings in the schema's order, then the rules that relate them", () => {
    const rules = (s: S) => (s.mode === "b" && s.n > 8 ? `invalid n: ${s.n}; expected at most 8 with mode b` : null);
    expect(schemaCheck(schema, defaults, rules)).toBeNull();
    expect(schemaCheck(schema, {...defaults, n: 0, rate: 1}, rules)).toBe("invalid n: 0; expected an integer in [1, 64]");
    expect(schemaCheck(schema, {...defaults, mode: "b", n: 9}, rules)).toBe("invalid n: 9; expected at most 8 with mode b");
    expect(schemaCheck(schema, null as unknown as S)).toBe("invalid settings: null; expected an object");
  });

  it("defineLab derives the check and the rebuild keys, and refuses defaults its own schema refuses", () => {
    const spec = defineLab({name: "t", defaults, schema});
    expect(spec.resetKeys).toEqual(["n", "mode"]);
    expect(spec.check({...defaults, on: 1 as unknown as boolean})).toBe("invalid on: 1; expected true or false");
    expect(spec.schema).toBe(schema);
    expect(() => defineLab({name: "t", defaults: {...defaults, f: 5}, schema})).toThrow("t: its defaults do not pass its own schema (invalid f: 5; expected one of 2, 4, 8)");
  });
});
