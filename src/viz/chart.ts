// One base for the site's charts, in the spirit of Observable Plot's marks: a chart is declared as its defaults, its
// checks, its drawing and its description, and the base does the rest alike for all of them: the <figure> with its
// caption and legend, the options merged over the defaults and checked when the chart is made *and* at every update,
// the empty state (a sentence in a dashed box of the chart's size, never an empty axis), the accessible name and the
// text alternative, and update() redrawing in place.
//
//   export const fooChart = defineChart<FooData, FooOptions>({name: "foo", defaults, check, draw, describe});
//   const el = fooChart(data, {width: 480});  …  el.update(next, {currentStep: 20});
import {figureShell, labelImage, plotImage} from "./a11y.js";
import {legend, type LegendItem} from "./legend.js";
import * as check from "./validate.js";

/** The options every chart has. */
export interface ChartOptions {
  /** Width and height of the drawing, px. */
  width: number;
  height: number;
  /** The chart's accessible name. */
  ariaLabel: string;
  /** A visible caption (figcaption); empty for none. */
  caption: string;
  /** Shown instead of the drawing when there is nothing to draw. */
  emptyText: string;
}

export interface ChartDefinition<D, O extends ChartOptions, R extends keyof O = never> {
  /** The figure's class is `vae-viz vae-{name}`. */
  name: string;
  /** Every option's default, but the required ones (R): a chart is made with those given. */
  defaults: Omit<O, R>;
  /** Checks the data and the options beyond the common ones; throws a message naming the bad value. */
  check?(data: D, o: O): void;
  /** Nothing to draw: the empty state shows `o.emptyText`. Default: never. */
  isEmpty?(data: D, o: O): boolean;
  /** The legend above the chart (redrawn only when it changes); null or empty for none. */
  legend?(data: D, o: O): readonly LegendItem[] | null;
  /** The drawing: an SVG from Plot, a canvas or any element. The base names it and points it at its description. */
  draw(data: D, o: O): Element;
  /** The text alternative of the drawing. */
  describe(data: D, o: O): string;
  /** The accessible name, where it depends on the data or an option; default `o.ariaLabel`. */
  label?(data: D, o: O): string;
}

export interface ChartElement<D, O extends ChartOptions> extends HTMLElement {
  /** Redraws with new data and changed options, keeping the element. A bad value throws and changes nothing. */
  update(data: D, options?: Partial<O>): void;
}

/** Checks the options every chart has. */
function checkCommon(o: ChartOptions): void {
  check.number("width", o.width, 1);
  check.number("height", o.height, 1);
  check.string("ariaLabel", o.ariaLabel);
  check.string("caption", o.caption);
  check.string("emptyText", o.emptyText);
}

/** The box shown instead of a chart that has nothing to draw: the chart's size, so the page does not jump. */
function emptyBox(text: string, o: ChartOptions): HTMLElement {
  const p = document.createElement("p");
  p.className = "vae-viz-empty";
  p.textContent = text;
  p.setAttribute("style", `display:flex;align-items:center;justify-content:center;margin:0;max-width:${o.width}px;height:${o.height}px;font:14px system-ui,sans-serif;border:1px dashed currentColor`);
  return p;
}

/** What making a chart takes: its options, which may be left out unless some are required (R). */
export type ChartArgs<O, R extends keyof O> = [R] extends [never] ? [options?: Partial<O>] : [options: Partial<O> & Pick<O, R>];

/** A chart factory from its definition: `(data, options) → <figure>` with `update(data, options)`. */
export function defineChart<D, O extends ChartOptions, R extends keyof O = never>(def: ChartDefinition<D, O, R>): (data: D, ...args: ChartArgs<O, R>) => ChartElement<D, O> {
  const settle = (data: D, base: Omit<O, R> | O, given: Partial<O> | undefined): O => {
    const o = check.withDefaults(base, given) as O;
    def.check?.(data, o); // first: a chart may ask more of the common options (a width of 100 px at least)
    checkCommon(o);
    return o;
  };
  return (data, ...[options]) => {
    let o = settle(data, def.defaults, options);
    const shell = figureShell(def.name, o.caption);
    let legendKey: string | null = null;
    const render = (d: D) => {
      const given = def.legend?.(d, o);
      const items = given && given.length > 0 ? given : null;
      const key = items ? JSON.stringify(items) : "";
      if (key !== legendKey) {
        shell.figure.querySelector(":scope > .vae-viz-legend")?.remove();
        if (items) shell.body.before(legend(items));
        legendKey = key;
      }
      if (def.isEmpty?.(d, o)) {
        shell.body.replaceChildren(emptyBox(o.emptyText, o));
        shell.describe(""); // the visible sentence says it all
        return;
      }
      const drawing = def.draw(d, o);
      const name = def.label?.(d, o) ?? o.ariaLabel;
      if (drawing instanceof SVGSVGElement) plotImage(drawing, name);
      else labelImage(drawing, name);
      shell.body.replaceChildren(drawing);
      shell.describe(def.describe(d, o), drawing);
    };
    render(data);
    return Object.assign(shell.figure, {
      update(next: D, changed: Partial<O> = {}) {
        const o2 = settle(next, o, changed);
        o = o2;
        render(next);
      }
    });
  };
}
