// The Bernoulli decoder's negative log-likelihood from logits, the reconstruction term of every binary-image model on
// the site (Kingma & Welling 2014, appendix C.1):
//   −log p(x | l) = Σ_pixels softplus(l) − x·l      (overflow-safe: softplus never exponentiates a large l)
//   ∂/∂l = σ(l) − x
// The gradient is written out (tf.customGrad): tfjs's own gradient of the same expression is a dozen passes over the
// batch (negations, casts, broadcasts), this is three. Tests check both against central differences.
import * as tf from "@tensorflow/tfjs";

/** −log p(x | l) of each example: x (targets in [0, 1]) and l (logits), both [batch, pixels]; returns [batch]. */
export function bernoulliNll(x: tf.Tensor2D, l: tf.Tensor2D): tf.Tensor1D {
  const nll = tf.customGrad(((logits: tf.Tensor2D, save: tf.GradSaveFunc) => {
    save([logits]);
    return {
      value: tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1), // [batch]
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(tf.reshape(dy, [-1, 1]), tf.sub(tf.sigmoid(saved), x)) // [batch, pixels]
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]); // its type takes the inputs as one rest array
  return nll(l) as tf.Tensor1D;
}
