// Helpers of the embed pages (docs/embed/*.md): a widget's settings from the page's address, checked by its lab spec,
// the message that names a bad one, and the page's height posted to the page around the iframe.
//
//   const {settings, problem} = settingsFromAddress(vqToySpec, location.search);
//   if (problem) display(addressWarning(problem));        // the defaults are used
//   display(vqToyLab(settings));
//   postHeight(invalidation);
import type {LabSpec} from "../../train/lab.js";

/** What reading the address needs of a spec: the defaults (whose types say how to parse) and the check. */
export type AddressSpec<S extends object> = Pick<LabSpec<S>, "defaults" | "check">;

export interface AddressSettings<S extends object> {
  /** The defaults with the address's values over them, or the defaults alone if there is a problem. */
  settings: S;
  /** null, or a message naming each bad value ("invalid K: "<script>"; expected a number"). */
  problem: string | null;
}

/** Longest text value read from the address (the FSQ levels or a spectrum are far shorter). */
export const MAX_TEXT = 200;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A value as the message shows it: quoted, and cut short if long. */
function shown(raw: string): string {
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
}

/** One value read as the type of its default: [value] or a message naming it. */
function parse(key: string, raw: string, like: unknown): [unknown] | string {
  if (typeof like === "number") {
    if (!NUMBER.test(raw)) return `invalid ${key}: ${shown(raw)}; expected a number`;
    const v = Number(raw);
    return Number.isFinite(v) ? [v] : `invalid ${key}: ${shown(raw)}; expected a finite number`;
  }
  if (typeof like === "boolean") {
    return raw === "true" ? [true] : raw === "false" ? [false] : `invalid ${key}: ${shown(raw)}; expected true or false`;
  }
  if (raw.length > MAX_TEXT) return `invalid ${key}: ${shown(raw)} (${raw.length} characters); expected at most ${MAX_TEXT}`;
  return [raw];
}

/**
 * The settings a page's address asks for: each key of `spec.defaults` found in `search` is read as the type of its
 * default (a number, "true"/"false", or text) and the whole is checked by `spec.check`. Other keys are ignored. A key
 * given twice, an unreadable or non-finite number, or a value the check refuses gives a `problem` that names it, and
 * the defaults. Never throws.
 */
export function settingsFromAddress<S extends object>(spec: AddressSpec<S>, search: string | URLSearchParams): AddressSettings<S> {
  const defaults = {...spec.defaults};
  try {
    const params = typeof search === "string" ? new URLSearchParams(search) : search;
    const asked: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const [key, like] of Object.entries(defaults)) {
      if (typeof like !== "number" && typeof like !== "boolean" && typeof like !== "string") continue;
      const values = params.getAll(key);
      if (values.length === 0) continue;
      if (values.length > 1) { problems.push(`repeated ${key}: given ${values.length} times (${values.map(shown).join(", ")}); expected once`); continue; }
      const read = parse(key, values[0], like);
      if (typeof read === "string") problems.push(read);
      else asked[key] = read[0];
    }
    // The check sees the readable values too, so that a message names as many bad values as it can.
    const settings = {...defaults, ...asked} as S;
    const refused = spec.check(settings);
    if (refused) problems.push(refused);
    return problems.length > 0 ? {settings: defaults, problem: problems.join("; ")} : {settings, problem: null};
  } catch (e) {
    return {settings: defaults, problem: `unreadable settings in the address: ${(e as Error)?.message ?? e}`};
  }
}

/** The message above an embedded widget whose address had a bad value; the text, never HTML, of `problem`. */
export function addressWarning(problem: string): HTMLParagraphElement {
  const p = document.createElement("p");
  p.className = "embed-warning";
  p.setAttribute("role", "alert");
  p.textContent = `${problem} (from the page's address); using the defaults instead.`;
  return p;
}

/** In an iframe, posts {type: "vae-textbook:height", height} to the parent whenever the page's height changes. */
export function postHeight(invalidation: Promise<unknown>, win: Window & typeof globalThis = window): void {
  if (win.parent === win) return;
  const root = win.document.documentElement;
  const post = () => win.parent.postMessage({type: "vae-textbook:height", height: Math.ceil(root.getBoundingClientRect().height)}, "*");
  const observer = new win.ResizeObserver(post);
  observer.observe(root);
  invalidation.then(() => observer.disconnect(), () => observer.disconnect());
}
