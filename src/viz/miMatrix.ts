// miMatrix: which latent carries which factor. Cell (factor k, latent j) is I(z_j; v_k) / H(v_k), the share of the
// factor's entropy the latent holds (the numbers MIG is made of); each cell prints its value, so the shade is never
// the only cue. The last column is each factor's gap, top latent minus runner-up.
import * as Plot from "@observablehq/plot";
import {fmt} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import * as check from "./validate.js";

export interface MiMatrixData {
  /** [factor][latent] normalised mutual information in [0, 1]. */
  values: readonly (readonly number[])[];
  factorNames: readonly string[];
  /** Normalised gap per factor. */
  gaps: readonly number[];
}

export interface MiMatrixOptions extends ChartOptions {
  /** Side of a cell, px; the drawing's size follows from it (width and height size the empty state only). */
  cell: number;
}

export type MiMatrixElement = ChartElement<MiMatrixData, MiMatrixOptions>;

/** The text alternative: each factor's top latent, its share, and the gap. */
export function describeMi(d: MiMatrixData): string {
  const parts = d.factorNames.map((name, k) => {
    const row = d.values[k];
    const j = row.indexOf(Math.max(...row));
    return `${name}: z${j + 1} holds ${fmt(row[j], 2)} of its entropy, gap ${fmt(d.gaps[k], 2)}`;
  });
  return `Share of each factor's entropy held by each latent. ${parts.join("; ")}.`;
}

function checkData(d: MiMatrixData): void {
  const K = d.factorNames.length;
  if (d.values.length !== K || d.gaps.length !== K) throw new Error(`invalid values: ${d.values.length} rows and ${d.gaps.length} gaps; expected one per factor (${K})`);
  d.values.forEach((row, k) => check.numbers(`values[${k}]`, row, d.values[0].length));
}

export const miMatrix = defineChart<MiMatrixData, MiMatrixOptions>({
  name: "mi-matrix",
  defaults: {
    cell: 34, width: 420, height: 160, caption: "",
    ariaLabel: "Mutual information between each factor and each latent, as a share of the factor's entropy",
    emptyText: "Not measured yet: the shares appear at the run's first measurement."
  },
  check(d, o) {
    checkData(d);
    check.number("cell", o.cell, 12);
  },
  isEmpty: (d) => d.values.every((row) => row.every((v) => v === 0)) && d.gaps.every((g) => g === 0),
  draw(d, o) {
    const D = d.values[0]?.length ?? 0;
    const cols = [...Array.from({length: D}, (_, j) => `z${j + 1}`), "gap"];
    const cells = d.factorNames.flatMap((f, k) => [
      ...d.values[k].map((v, j) => ({factor: f, latent: `z${j + 1}`, v})),
      {factor: f, latent: "gap", v: d.gaps[k]}
    ]);
    return Plot.plot({
      width: 90 + cols.length * o.cell, height: 40 + d.factorNames.length * o.cell, marginLeft: 80, marginTop: 30, marginBottom: 10,
      style: {fontSize: "11px"},
      x: {domain: cols, axis: "top", label: null, tickSize: 0},
      y: {domain: d.factorNames as string[], label: null, tickSize: 0},
      color: {type: "linear", domain: [0, 1], range: ["#f2f5f9", "#08306b"], interpolate: "lab"},
      marks: [
        Plot.cell(cells, {x: "latent", y: "factor", fill: "v", inset: 0.5, stroke: (c: {latent: string}) => (c.latent === "gap" ? "#E69F00" : "none"), strokeWidth: 2}),
        Plot.text(cells, {x: "latent", y: "factor", text: (c: {v: number}) => fmt(c.v, 2).replace(/^0\./, "."), fill: (c: {v: number}) => (c.v > 0.45 ? "white" : "#1b1e23")})
      ]
    }) as SVGSVGElement;
  },
  describe: describeMi
});
