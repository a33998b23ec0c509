// The ELBO explorer's equations as TeX with the current numbers filled in: the chapter's (5)–(9) for the linear-Gaussian
// model, (1), (4) and (5) for a non-linear decoder; and the number formats they use.
import {decoders} from "../math/latentModel.js";
import type {ElboNumbers, ElboSettings} from "./elboSettings.js";

/** A number for TeX: fixed decimals, no "−0.000". */
export function texNumber(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** A gap in nats for TeX: 3 decimals, or a power of ten when it is tiny. */
export function texGap(g: number): string {
  if (!Number.isFinite(g)) return String(g);
  if (Math.abs(g) >= 0.001) return texNumber(g);
  if (Math.abs(g) < 1e-9) return "0.000 \\;(\\lt 10^{-9})";
  const [mant, exp] = g.toExponential(1).split("e");
  return `${mant} \\times 10^{${Number(exp)}}`;
}

const paren = (v: number, d = 3) => (v < 0 ? `(${texNumber(v, d)})` : texNumber(v, d));

/** The TeX of the equations with the current numbers. */
export function equationsTex(s: ElboSettings, n: ElboNumbers): string {
  const q = `q(z\\mid x) &= \\mathcal{N}(m,\\, v) = \\mathcal{N}(${texNumber(s.m, 2)},\\, ${texNumber(s.v, s.v < 0.1 ? 4 : 3)})`;
  const elbo = `\\text{ELBO} &= \\mathbb{E}_q[\\log p(x\\mid z)] - \\mathrm{KL}(q \\,\\|\\, p(z)) = ${texNumber(n.recon)} - ${texNumber(n.kl)} = ${texNumber(n.elbo)}`;
  const gap = `\\log p(x) - \\text{ELBO} &= ${texNumber(n.logEvidence)} - ${paren(n.elbo)} = ${texGap(n.gap)} \\text{ nats} && (5)`;
  // (5) says the gap is KL(q ‖ p(z | x)): computed here on its own, in closed form (9) or on the grid.
  const kl = (where: string) => Number.isFinite(n.klToPosterior) ? ` \\\\\n\\mathrm{KL}\\big(q \\,\\|\\, p(z\\mid x)\\big) &= ${texGap(n.klToPosterior)} \\text{ nats} && ${where}` : "";
  if (s.model === "linear") {
    const t = s.w * s.w + s.s * s.s;
    return [
      "\\begin{aligned}",
      `\\log p(x) &= \\log \\mathcal{N}(x;\\, 0,\\, w^2 + s^2) = \\log \\mathcal{N}(${texNumber(s.x, 2)};\\, 0,\\, ${texNumber(t)}) = ${texNumber(n.logEvidence)} && (6) \\\\`,
      `p(z\\mid x) &= \\mathcal{N}\\Big(\\tfrac{w x}{w^2 + s^2},\\, \\tfrac{s^2}{w^2 + s^2}\\Big) = \\mathcal{N}(${texNumber(n.posterior.mean)},\\, ${texNumber(n.posterior.variance, n.posterior.variance < 0.1 ? 4 : 3)}) && (7) \\\\`,
      `${q} \\\\`,
      `${elbo} && (8) \\\\`,
      `${gap}${kl("(9)")}`,
      "\\end{aligned}"
    ].join("\n");
  }
  const f = decoders[s.decoder];
  const modes = n.modes.length === 1 ? `\\text{one mode, at } ${texNumber(n.modes[0], 2)}` : `\\text{${n.modes.length} modes, at } ${n.modes.map((z) => texNumber(z, 2)).join(",\\ ")}`;
  return [
    "\\begin{aligned}",
    `\\log p(x) &= \\log \\textstyle\\int \\mathcal{N}(z;\\, 0, 1)\\, \\mathcal{N}(x;\\, ${f.tex},\\, s^2)\\, dz \\approx ${texNumber(n.logEvidence)} && (1) \\\\`,
    `p(z\\mid x) &\\propto \\mathcal{N}(z;\\, 0, 1)\\, \\mathcal{N}(${texNumber(s.x, 2)};\\, ${f.tex},\\, ${texNumber(s.s * s.s)}): \\ ${modes} \\\\`,
    `${q} \\\\`,
    `${elbo} && (4) \\\\`,
    `${gap}${kl("")}`,
    "\\end{aligned}"
  ].join("\n");
}
