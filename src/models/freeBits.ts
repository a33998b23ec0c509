// Free bits in tfjs (Kingma et al. 2016; the formula, its gradient and the plain-number oracle are in
// ../math/freeBits.ts):
//   (FB)  L_KL = Σ_g max(λ, KL_g),   KL_g = Σ_{j ∈ g} KL_j
// A model's loss uses it in place of the summed KL: loss = recon + β·freeBitsLoss(klPerDim, λ), with `klPerDim` the
// batch-averaged KL of `LossParts.klPerDim`. Groups whose KL is below λ get no gradient.
import * as tf from "@tensorflow/tfjs";
import {checkGroups, checkLambda} from "../math/freeBits.js";

/** (FB) as a scalar tensor; `groups[j]` is the group of dimension j (default: one group per dimension). */
export function freeBitsLoss(klPerDim: tf.Tensor1D, lambda: number, groups?: ArrayLike<number>): tf.Scalar {
  checkLambda(lambda);
  const k = klPerDim.shape[0];
  const {index, count} = checkGroups(k, groups);
  return tf.tidy(() => {
    let kg: tf.Tensor1D = klPerDim; // [groups]
    if (groups !== undefined) {
      // KL_g = Σ_{j ∈ g} KL_j as [1, k] · one-hot [k, groups]: a matMul, differentiable on every backend.
      const oneHot = new Float32Array(k * count);
      index.forEach((g, j) => (oneHot[j * count + g] = 1));
      kg = tf.matMul(tf.reshape(klPerDim, [1, k]), tf.tensor2d(oneHot, [k, count])).reshape([count]); // [groups]
    }
    // max(KL_g, λ): tf.maximum passes the gradient to its first argument where KL_g ≥ λ, to the constant elsewhere.
    return tf.sum(tf.maximum(kg, tf.scalar(lambda))) as tf.Scalar; // []
  });
}
