// The computation-graph figure of the chapter "The reparameterisation trick" in the chapter's light widget box, so
// that its node fills and text keep their contrast in a dark page theme.
import {computeGraph, type ComputeGraphOptions} from "../viz/computeGraph.js";
import {el, ensureReparamStyle} from "./reparamStyle.js";

export function reparamGraph(options: ComputeGraphOptions = {}): HTMLElement {
  ensureReparamStyle();
  const box = el("div", {className: "rp-box rp-graph"});
  box.append(computeGraph(options));
  return box;
}
