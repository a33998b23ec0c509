// Colours for the views, chosen to stay distinguishable with the common colour-vision deficiencies.
//
// - Okabe & Ito, "Color Universal Design" (2008): eight colours for series and marks.
// - Petroff, "Accessible Color Sequences for Data Visualization" (2021, arXiv:2107.02270; matplotlib's
//   `petroff10` style): ten colours, ordered and tested for colour-vision deficiencies, for the ten digit classes.
//   Colour is never the only cue: the views that use it also draw the digit itself (legend, class labels).
//
// Text is never drawn in these colours: text uses `currentColor` (the page's text colour) or `muted`.

/** Okabe–Ito palette. `black` is spelt `currentColor` in the views so it follows a dark theme. */
export const okabeIto = {
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7"
} as const;

/** Colours of the loss parts, shared by every chart that shows them; each also has its own dash pattern. */
export const seriesColors = {
  loss: "currentColor",
  recon: okabeIto.blue, // 5.2:1 on white
  kl: okabeIto.vermillion, // 3.9:1 on white
  heldOut: okabeIto.bluishGreen // 3.4:1 on white
} as const;

/** Dash patterns that pair with `seriesColors`, so the lines differ without colour. */
export const seriesDash = {loss: "none", recon: "7,3", kl: "2,2"} as const;

/** Petroff's 10-colour sequence, indexed by digit class 0…9. */
export const digitColors: readonly string[] = [
  "#3f90da", "#ffa90e", "#bd1f01", "#94a4a2", "#832db6",
  "#a96b59", "#e76300", "#b9ac70", "#717581", "#92dadd"
];

/** The colour of digit class `label` (0…9). */
export function digitColor(label: number): string {
  return digitColors[((label % 10) + 10) % 10];
}

/**
 * A darker shade of each digit colour, used to outline marks so the lighter colours keep ≥ 3:1 against white
 * (WCAG 1.4.11 for graphics). Precomputed: d3.color(c).darker(1) of `digitColors`.
 */
export const digitStrokes: readonly string[] = [
  "#2c6599", "#b3760a", "#841601", "#687371", "#5c1f7f",
  "#764b3e", "#a24500", "#82784e", "#4f525a", "#66999b"
];

/** Grey for secondary marks and text: #767676 is the lightest grey with 4.5:1 on white. */
export const muted = "#767676";
