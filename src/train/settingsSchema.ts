// A lab's settings declared once: what each may be (a range, whole numbers or not, the choices, a length), how the
// reader sees it (label, hint, log scale) and whether changing it rebuilds the lab. The check that names a bad value,
// the rebuild keys, the reading of a page's address and the controls (widgets/kit/schemaControls.ts) are derived from it,
// so a typed value and a linked one get the same rule and the same message. Without TensorFlow.js.
import type {LabSpec} from "./lab.js";

interface Common {
  /** What the reader sees beside the control. */
  label: string;
  /** A line under it: what the value does. */
  hint?: string;
  /** Changing it rebuilds the lab from step 0 (a model's shape, a seed, the data). Otherwise it applies live. */
  rebuild?: boolean;
}

export type Setting = Common & (
  | {kind: "number"; min: number; max: number; integer?: boolean; /** the minimum itself is refused (a rate > 0) */ aboveMin?: boolean; /** the control moves on a log scale */ log?: boolean}
  | {kind: "choice"; values: readonly (string | number)[]; /** the text of each value, where it differs from the value */ names?: Readonly<Record<string, string>>}
  | {kind: "boolean"}
  | {kind: "text"; maxLength: number; /** throws a message naming what is wrong (the eigenvalues of a spectrum) */ parse?(value: string): unknown}
);

export type SettingsSchema<S> = {[K in keyof S]: Setting};

/** A schema-declared lab spec: the schema beside what LabSpec derives from it. */
export interface SchemaSpec<S extends object> extends LabSpec<S> {
  schema: SettingsSchema<S>;
}

/** What a number may be, in words: "an integer in [1, 64]", "a number in (0, 0.1]". */
export function numberRange(f: Extract<Setting, {kind: "number"}>): string {
  return `${f.integer ? "an integer" : "a number"} in ${f.aboveMin ? "(" : "["}${f.min}, ${f.max}]`;
}

/** null if `value` is what `f` allows, else a message naming the key and the value. */
export function settingError(key: string, value: unknown, f: Setting): string | null {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  switch (f.kind) {
    case "number": {
      const ok = typeof value === "number" && Number.isFinite(value) && (!f.integer || Number.isInteger(value))
        && (f.aboveMin ? value > f.min : value >= f.min) && value <= f.max;
      return ok ? null : `invalid ${key}: ${shown}; expected ${numberRange(f)}`;
    }
    case "choice":
      return (typeof value === "string" || typeof value === "number") && f.values.includes(value) ? null : `invalid ${key}: ${shown}; expected one of ${f.values.join(", ")}`;
    case "boolean":
      return typeof value === "boolean" ? null : `invalid ${key}: ${shown}; expected true or false`;
    case "text": {
      if (typeof value !== "string" || value.length > f.maxLength) return `invalid ${key}: ${shown.slice(0, 60)}; expected text of at most ${f.maxLength} characters`;
      try {
        f.parse?.(value);
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    }
  }
}

/** The first bad value of `settings` by `schema`, then by `rules` (what relates several settings), or null. */
export function schemaCheck<S extends object>(schema: SettingsSchema<S>, settings: S, rules?: (s: S) => string | null): string | null {
  if (settings === null || typeof settings !== "object") return `invalid settings: ${String(settings)}; expected an object`;
  for (const key of Object.keys(schema) as (keyof S & string)[]) {
    const bad = settingError(key, settings[key], schema[key]);
    if (bad) return bad;
  }
  return rules?.(settings) ?? null;
}

export interface DefineLab<S extends object> extends Omit<LabSpec<S>, "check" | "resetKeys"> {
  schema: SettingsSchema<S>;
  /** Checks of what relates several settings, after each has passed its own. */
  rules?(settings: S): string | null;
}

/** A LabSpec whose check and rebuild keys come from its schema. */
export function defineLab<S extends object>({schema, rules, ...spec}: DefineLab<S>): SchemaSpec<S> {
  const bad = schemaCheck(schema, spec.defaults, rules);
  if (bad) throw new Error(`${spec.name}: its defaults do not pass its own schema (${bad})`);
  return {
    ...spec,
    schema,
    check: (settings) => schemaCheck(schema, settings, rules),
    resetKeys: (Object.keys(schema) as (keyof S & string)[]).filter((k) => schema[k].rebuild)
  };
}
