// One widget's settings in its page's address, for any widget with a schema (urlCodec): read once when the widget is
// made, written back while the reader changes them. The address holds only what differs from the widget's starting
// state on that page (`base`: its defaults with the page's own options applied), under the widget's prefix, so that
// several widgets share one page and a link reproduces every one of them. Writes are spaced out (a dragged slider or
// a running fit changes the state every frame; browsers throttle, and Safari refuses, frequent history changes).
import {parseParams, toParams, type Schema} from "./urlCodec.js";

export interface UrlSyncOptions<S> {
  /** What the address may set (any of the state's keys), and the range of each value. */
  schema: Schema<Partial<S>>;
  /** The state the widget shows when the address sets nothing: its defaults with the page's options applied. */
  base: S;
  /** Prefix of the widget's parameters, for a page with several widgets (e.g. "nl."); default none. */
  prefix?: string;
  /** Read the address and write changes back (default true); false: `initial` is `base`, and `write` does nothing. */
  syncUrl?: boolean;
  /** Least time between two writes, in ms; the last state is always written. Default 250. */
  interval?: number;
}

export interface UrlSync<S> {
  /** `base` with the values the address sets, clamped into their ranges. */
  readonly initial: S;
  /** One sentence per value the address set that was clamped or dropped (text, never markup). */
  readonly notes: string[];
  /** The query of a link to this page showing `state`: the page's other parameters kept. */
  query(state: S): string;
  /** Writes `state` into the page's address (history.replaceState, so no new history entry), soon. */
  write(state: S): void;
  /** Cancels a write still waiting. */
  dispose(): void;
}

export function urlSync<S>({schema, base, prefix = "", syncUrl = true, interval = 250}: UrlSyncOptions<S>): UrlSync<S> {
  const fromPage = syncUrl ? parseParams<Partial<S>>(location.search, schema, prefix) : {state: {}, notes: []};
  const query = (state: S) => toParams<Partial<S>>(state, base, schema, prefix, new URLSearchParams(syncUrl ? location.search : ""));
  let pending: S | null = null, timer: ReturnType<typeof setTimeout> | 0 = 0, last = -Infinity;
  const flush = () => {
    timer = 0;
    last = performance.now();
    if (pending === null) return;
    const search = query(pending);
    pending = null;
    if (search !== location.search) history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`);
  };
  return {
    initial: {...base, ...fromPage.state},
    notes: fromPage.notes,
    query,
    write(state) {
      if (!syncUrl) return;
      pending = state;
      if (!timer) timer = setTimeout(flush, Math.max(0, interval - (performance.now() - last)));
    },
    dispose() { if (timer) clearTimeout(timer); timer = 0; pending = null; }
  };
}

/** What a widget says, once, about the values its address asked for that it could not use as they were. */
export function addressNotice(notes: readonly string[]): string {
  return notes.length ? `This page's address asked for settings that could not be used as they were. ${notes.join(" ")}` : "";
}

/** The root of the site that serves this module: Framework builds every module of src/ under ROOT/_import/, for pages
 * and exported modules alike, whatever folder it is in. The embed snippets point at ROOT/embed/. */
export function siteRootOfModule(url = import.meta.url): string {
  const at = url.indexOf("/_import/");
  return at >= 0 ? url.slice(0, at + 1) : new URL("/", url).href;
}
