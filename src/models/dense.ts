// A dense layer, y = act(x W + b), with its gradient written out (tf.customGrad). tfjs's own gradient of the same
// three ops clones every saved input and reshapes and casts on the way back, some ten kernels a layer, each a call
// through the engine; this is the two products, a column sum and, for ReLU, one mask:
//   g = dy ⊙ [y > 0] (ReLU) or dy,   ∂x = g Wᵀ,   ∂W = xᵀ g,   ∂b = Σ_rows g
// An input that is data (`input: "data"`, the batch itself) gets no gradient, so its product is not computed.
import * as tf from "@tensorflow/tfjs";

export interface DenseOptions {
  activation?: "relu" | "linear";
  /** "data" when x needs no gradient (the batch): ∂x, a whole matrix product, is then skipped. */
  input?: "data" | "trained";
}

type GradFunc = Parameters<typeof tf.customGrad>[0];

/** act(x W + b): x [batch, in], W [in, out] and b [out] (variables, of any declared rank); returns [batch, out]. */
export function dense(x: tf.Tensor2D, W: tf.Tensor, b: tf.Tensor, {activation = "linear", input = "trained"}: DenseOptions = {}): tf.Tensor2D {
  const forward = (x: tf.Tensor2D, W: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const pre = tf.add(tf.matMul(x, W as tf.Tensor2D), b); // [batch, out]
    const y = (activation === "relu" ? tf.relu(pre) : pre) as tf.Tensor2D;
    save([x, W, y]); // kept for the backward pass: the caller's tidy may dispose x before it
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [x, W, y]: tf.Tensor[]) => {
        const g = (activation === "relu" ? tf.mul(dy, tf.step(y)) : dy) as tf.Tensor2D; // ReLU passes where y > 0
        const dW = tf.matMul(x as tf.Tensor2D, g, true), db = tf.sum(g, 0);
        return input === "data" ? [dW, db] : [tf.matMul(g, W as tf.Tensor2D, false, true), dW, db];
      }
    };
  };
  if (input === "data") {
    const layer = tf.customGrad(((W: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => forward(x, W, b, save)) as unknown as GradFunc);
    return layer(W, b) as tf.Tensor2D;
  }
  const layer = tf.customGrad(forward as unknown as GradFunc); // its type takes the inputs as one rest array
  return layer(x, W, b) as tf.Tensor2D;
}
