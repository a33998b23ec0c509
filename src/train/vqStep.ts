// One optimiser step of a VQ model, returning the loss parts it computed (the codes, the encoder outputs) so the
// caller can update an EMA codebook and the usage from the same forward pass. The caller disposes the parts.
// Several groups may share the step, each with its own optimiser (the codebook may learn faster than the nets).
import * as tf from "@tensorflow/tfjs";
import type {Adam} from "./adam.js";

export interface ParamGroup {
  optimizer: Adam;
  vars: tf.Variable[];
}

export function trainStep<P extends {loss: tf.Scalar}>(groups: readonly ParamGroup[], forward: () => P): P {
  let parts: P | null = null;
  const all = groups.flatMap((g) => g.vars);
  if (all.length === 0) return forward(); // nothing to train by gradient (an EMA codebook and fixed maps)
  const {value, grads} = tf.variableGrads(() => {
    const p = forward();
    for (const [k, t] of Object.entries(p)) if (k !== "loss" && t instanceof tf.Tensor) tf.keep(t);
    parts = p;
    return p.loss;
  }, all);
  for (const g of groups) g.optimizer.apply(g.vars, grads);
  tf.dispose(grads);
  return {...(parts as unknown as P), loss: value};
}
