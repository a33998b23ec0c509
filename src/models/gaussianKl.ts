// KL(N(μ, e^logVar) ‖ N(0, 1)) of each latent dimension in closed form (Kingma & Welling 2014, appendix B):
//   KL_j = ½(μ_j² + e^logVar_j − 1 − logVar_j)
// the one tensor expression every Gaussian-latent model on the site uses. Its tf-free oracle is klStandardNormal
// (../math/gaussian.ts).
import * as tf from "@tensorflow/tfjs";

/** KL of each example and dimension: mu [batch, latentDim]; logVar the same or [latentDim] (shared). */
export function gaussianKlTerms(mu: tf.Tensor, logVar: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), 1), logVar), 0.5) as tf.Tensor2D); // [batch, latentDim]
}

/**
 * KL of each dimension averaged over the batch: [latentDim]. Its gradient is written out (tfjs's own gradient of the
 * expression is some fifteen small kernels, every step of every Gaussian model), with B the batch:
 *   ∂/∂μ_ij = μ_ij / B,   ∂/∂logVar = ½(e^logVar − 1), divided by B where logVar has a row per example.
 */
export function gaussianKlPerDim(mu: tf.Tensor, logVar: tf.Tensor): tf.Tensor1D {
  const klPerDim = tf.customGrad(((m: tf.Tensor2D, lv: tf.Tensor, save: tf.GradSaveFunc) => {
    save([m, lv]);
    return {
      value: tf.mean(gaussianKlTerms(m, lv), 0) as tf.Tensor1D, // [latentDim]
      gradFunc: (dy: tf.Tensor, [m, lv]: tf.Tensor[]) => {
        const perRow = tf.div(dy, m.shape[0]); // [latentDim]
        const half = tf.mul(tf.sub(tf.exp(lv), 1), 0.5); // like lv
        return [tf.mul(m, perRow), tf.mul(half, lv.rank === 1 ? dy : perRow)];
      }
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]); // its type takes the inputs as one rest array
  return klPerDim(mu, logVar) as tf.Tensor1D;
}
