// Early validation for the views: each check throws a message that names the option and shows the value,
// e.g. `invalid cols: 0; expected an integer ≥ 1`.

/** A short, readable rendering of a bad value for an error message. */
export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v == null) return String(v);
  if (Array.isArray(v)) return v.length > 6 ? `[${v.slice(0, 6).map(show).join(", ")}, …] (length ${v.length})` : `[${v.map(show).join(", ")}]`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  if (typeof v === "function") return "a function";
  try {
    const s = JSON.stringify(v);
    return s.length > 60 ? `${s.slice(0, 57)}…` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function fail(name: string, v: unknown, expected: string): never {
  throw new Error(`invalid ${name}: ${show(v)}; expected ${expected}`);
}

/** An integer in [min, max]. */
export function integer(name: string, v: unknown, min: number, max = Infinity): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    fail(name, v, max === Infinity ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`);
  }
  return v;
}

/** A finite number ≥ min (or > min when `open`). */
export function number(name: string, v: unknown, min = -Infinity, open = false): number {
  if (typeof v !== "number" || !Number.isFinite(v) || (open ? v <= min : v < min)) {
    fail(name, v, min === -Infinity ? "a finite number" : `a number ${open ? ">" : "≥"} ${min}`);
  }
  return v;
}

/** One of the listed strings. */
export function oneOf<T extends string>(name: string, v: unknown, values: readonly T[]): T {
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
    fail(name, v, `one of ${values.map((s) => JSON.stringify(s)).join(", ")}`);
  }
  return v as T;
}

/** A string. */
export function string(name: string, v: unknown): string {
  if (typeof v !== "string") fail(name, v, "a string");
  return v;
}

/** A boolean. */
export function boolean(name: string, v: unknown): boolean {
  if (typeof v !== "boolean") fail(name, v, "true or false");
  return v;
}

/** An array-like of numbers (an Array or a typed array); `length` checked when given. */
export function numbers(name: string, v: unknown, length?: number): ArrayLike<number> {
  const ok =
    (Array.isArray(v) && v.every((x) => typeof x === "number")) ||
    (ArrayBuffer.isView(v) && !(v instanceof DataView));
  if (!ok) fail(name, v, "an array or typed array of numbers");
  const a = v as ArrayLike<number>;
  if (length !== undefined && a.length !== length) {
    throw new Error(`invalid ${name}: length ${a.length}; expected length ${length}`);
  }
  return a;
}

/** Greyscale images in one flat array: returns how many images of side×side it holds. */
export function imageCount(name: string, v: unknown, side: number): number {
  if (!(v instanceof Float32Array || v instanceof Float64Array || Array.isArray(v))) {
    fail(name, v, `a Float32Array of n·${side}·${side} values in [0, 1]`);
  }
  const len = (v as ArrayLike<number>).length;
  if (len % (side * side) !== 0) {
    throw new Error(`invalid ${name}: length ${len}; expected a multiple of ${side}·${side} = ${side * side}`);
  }
  return len / (side * side);
}

/** `{...defaults, ...options}` where an option given as `undefined` keeps its default. */
export function withDefaults<D extends object, O extends object>(defaults: D, options: O | undefined): D & O {
  if (options != null && (typeof options !== "object" || Array.isArray(options))) {
    throw new Error(`invalid options: ${show(options)}; expected an object`);
  }
  const out = {...defaults} as Record<string, unknown>;
  for (const [k, v] of Object.entries(options ?? {})) if (v !== undefined) out[k] = v;
  return out as D & O;
}
