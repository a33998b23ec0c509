// KL(N(μ, e^logVar) ‖ N(0, 1)) of each latent dimension in closed form (Kingma & Welling 2014, appendix B):
//   KL_j = ½(μ_j² + e^logVar_j − 1 − logVar_j)
// the one tensor expression every Gaussian-latent model on the site uses. Its tf-free oracle is klStandardNormal
// (../math/gaussian.ts).
import * as tf from "@tensorflow/tfjs";

/** KL of each example and dimension: mu [batch, latentDim]; logVar the same or [latentDim] (shared). */
export function gaussianKlTerms(mu: tf.Tensor, logVar: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), 1), logVar), 0.5) as tf.Tensor2D); // [batch, latentDim]
}

/** KL of each dimension averaged over the batch: [latentDim]. */
export function gaussianKlPerDim(mu: tf.Tensor, logVar: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.mean(gaussianKlTerms(mu, logVar), 0) as tf.Tensor1D); // [latentDim]
}
