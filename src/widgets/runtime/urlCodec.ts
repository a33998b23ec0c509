// The shared URL machinery of every widget: a schema says what each setting may be; parseParams reads a page
// address into settings (never evaluating or inserting anything as HTML), clamping out-of-range numbers and
// dropping the unreadable with a note for the reader; toParams writes back only what differs from the defaults.

export type Field =
  | {kind: "number"; min: number; max: number; integer?: boolean}
  | {kind: "enum"; values: readonly string[]}
  | {kind: "boolean"}
  | {kind: "list"; values: readonly string[]}
  | {kind: "pair"; min: number; max: number};

export type Schema<S> = {[K in keyof S]: Field};

const MAX_VALUE_LENGTH = 64;
/** A value shown back to the reader in a note: short, and only as text. */
const quote = (raw: string) => JSON.stringify(raw.length > 24 ? `${raw.slice(0, 24)}…` : raw);
const num = (s: string) => (s.trim() === "" ? NaN : Number(s));

/** One value; returns [value, note]: value undefined when dropped, note null when taken as it was. */
function read(key: string, raw: string, f: Field): [unknown, string | null] {
  const say = (what: string) => `Link setting ${key}=${quote(raw)} ${what}`;
  switch (f.kind) {
    case "number": {
      const v = num(raw);
      if (!Number.isFinite(v)) return [undefined, say("is not a number; ignored.")];
      const c = Math.min(f.max, Math.max(f.min, f.integer ? Math.round(v) : v));
      return [c, c === v ? null : say(`is outside ${f.min}–${f.max}${f.integer ? " (whole numbers)" : ""}; using ${c}.`)];
    }
    case "enum":
      return f.values.includes(raw) ? [raw, null] : [undefined, say(`is not one of ${f.values.join(", ")}; ignored.`)];
    case "boolean":
      return raw === "true" || raw === "false" ? [raw === "true", null] : [undefined, say("should be true or false; ignored.")];
    case "list": {
      const names = raw.split(",").map((s) => s.trim()).filter(Boolean);
      const known = f.values.filter((v) => names.includes(v));
      return [known, known.length < names.length ? `Link setting ${key}: unknown names ignored (known: ${f.values.join(", ")}).` : null];
    }
    case "pair": {
      const ends = raw.split(",").map(num);
      if (ends.length !== 2 || !ends.every(Number.isFinite)) return [undefined, say("should be two whole numbers like 3,2; ignored.")];
      const fixed = ends.map((i) => Math.min(f.max, Math.max(f.min, Math.round(i))));
      return [fixed, fixed.some((v, k) => v !== ends[k]) ? say(`must be whole numbers ${f.min}–${f.max}; using ${fixed.join(",")}.`) : null];
    }
  }
}

/** The settings a page address asks for (only the keys it sets), and a note per value clamped or dropped. */
export function parseParams<S>(search: string, schema: Schema<S>, prefix = ""): {state: Partial<S>; notes: string[]} {
  let params: URLSearchParams;
  try { params = new URLSearchParams(search); } catch { return {state: {}, notes: ["The page address could not be read; using the defaults."]}; }
  const state: Partial<S> = {};
  const notes: string[] = [];
  for (const key of Object.keys(schema) as (keyof S & string)[]) {
    const raw = params.get(prefix + key);
    if (raw === null) continue;
    if (raw.length > MAX_VALUE_LENGTH) { notes.push(`Link setting ${key} is too long; ignored.`); continue; }
    const [value, note] = read(key, raw, schema[key]);
    if (note) notes.push(note);
    if (value !== undefined) state[key] = value as S[typeof key];
  }
  return {state, notes};
}

const text = (v: unknown) => (Array.isArray(v) ? v.join(",") : String(v));

/** The query string for `state`: only values that differ from `defaults`; other parameters in `keep` stay. */
export function toParams<S>(state: S, defaults: S, schema: Schema<S>, prefix = "", keep = new URLSearchParams()): string {
  const params = new URLSearchParams(keep);
  for (const key of Object.keys(schema) as (keyof S & string)[]) {
    if (text(state[key]) === text(defaults[key])) params.delete(prefix + key);
    else params.set(prefix + key, text(state[key]));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Only the entries of `state` that differ from `defaults` (for snippets). */
export function diffFrom<S>(state: S, defaults: S): Partial<S> {
  const out: Partial<S> = {};
  for (const key of Object.keys(defaults as object) as (keyof S)[]) if (text(state[key]) !== text(defaults[key])) out[key] = state[key];
  return out;
}
