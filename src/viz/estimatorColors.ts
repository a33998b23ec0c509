// How the gradient estimators look in every view of the chapter "The reparameterisation trick": one Okabe–Ito
// colour (each ≥ 3:1 on white) AND one dash pattern each, so that the lines differ without colour too.
import {okabeIto} from "./palette.js";

export const estimatorStyles = {
  score: {label: "score function", color: okabeIto.vermillion, dash: "2,3"}, // 3.9:1 on white
  baseline: {label: "score function + baseline", color: okabeIto.bluishGreen, dash: "8,3"}, // 3.4:1
  pathwise: {label: "pathwise (reparameterised)", color: okabeIto.blue, dash: "none"}, // 5.2:1
  exact: {label: "exact gradient", color: "currentColor", dash: "10,3,2,3"}
} as const;

export type EstimatorStyleKey = keyof typeof estimatorStyles;
