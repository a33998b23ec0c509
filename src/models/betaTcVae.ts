// β-VAE and β-TCVAE losses on the MLP VAE of vae.ts (same forward pass, only the loss differs):
//   β-VAE    (Higgins et al. 2017)      loss = recon + β · KL(q(z|x) ‖ p(z))                 KL in closed form
//   β-TCVAE  (Chen et al. 2018, eq. 4)  loss = recon + MI + β · TC + dwKL                    batch estimates
// where MI, TC and dwKL are the index-code mutual information, total correlation and dimension-wise KL of
// src/math/tcDecomposition.ts (the tf-free oracle of this file, which also defines the MWS and MSS weights).
// Both objectives report all the terms, so the views can plot the decomposition for either.
import * as tf from "@tensorflow/tfjs";
import {logWeights, type TcEstimator} from "../math/tcDecomposition.js";
import type {Vae} from "./vae.js";
import {gaussianKlPerDim} from "./gaussianKl.js";
import {bernoulliNll} from "./bernoulli.js";

export type Objective = "beta-vae" | "beta-tcvae";

/** The loss and its parts, each a scalar except klPerDim [latentDim]. */
export interface TcLossParts {
  [part: string]: tf.Tensor;
  loss: tf.Scalar;
  recon: tf.Scalar;
  /** Closed-form KL, batch mean. */
  kl: tf.Scalar;
  klPerDim: tf.Tensor1D;
  mi: tf.Scalar;
  tc: tf.Scalar;
  dwKl: tf.Scalar;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(z; mu, e^logVar) elementwise (broadcasting). */
function logNormal(z: tf.Tensor, mu: tf.Tensor, logVar: tf.Tensor): tf.Tensor {
  const d = tf.sub(z, mu);
  return tf.mul(tf.add(tf.add(logVar, LOG_2PI), tf.mul(tf.square(d), tf.exp(tf.neg(logVar)))), -0.5);
}

/**
 * The decomposition (tcDecomposition.ts) of a batch: mu, logVar, z each [M, D]; N the data set size.
 * Returns batch means {mi, tc, dwKl}.
 */
export function tcTerms(
  mu: tf.Tensor2D, logVar: tf.Tensor2D, z: tf.Tensor2D, datasetSize: number, estimator: TcEstimator = "mss"
): {mi: tf.Scalar; tc: tf.Scalar; dwKl: tf.Scalar} {
  return tf.tidy(() => {
    const [M, D] = mu.shape;
    const logW = tf.tensor2d(Float32Array.from(logWeights(M, datasetSize, estimator)), [M, M]); // [M (i), M (m)]
    const pairs = logNormal(tf.reshape(z, [M, 1, D]), tf.reshape(mu, [1, M, D]), tf.reshape(logVar, [1, M, D])); // [M, M, D]: log q(z_ij | x_m)
    const logQzx = tf.sum(logNormal(z, mu, logVar), 1); // [M]
    const logPz = tf.sum(logNormal(z, tf.zerosLike(z), tf.zerosLike(z)), 1); // [M]
    const logQz = tf.logSumExp(tf.add(tf.sum(pairs, 2), logW), 1); // [M]
    const logQzProd = tf.sum(tf.logSumExp(tf.add(pairs, tf.reshape(logW, [M, M, 1])), 1), 1); // [M]  (logsumexp over m, then Σ_j)
    return {
      mi: tf.mean(tf.sub(logQzx, logQz)) as tf.Scalar,
      tc: tf.mean(tf.sub(logQz, logQzProd)) as tf.Scalar,
      dwKl: tf.mean(tf.sub(logQzProd, logPz)) as tf.Scalar
    };
  });
}

/** Options of `tcLossParts`. */
export interface TcLossOptions {
  objective: Objective;
  /** Weight of the KL (β-VAE) or of the total correlation only (β-TCVAE). */
  beta: number;
  /** N, the size of the data set batches are drawn from. */
  datasetSize: number;
  /** How q(z) is estimated from the batch. Default "mss". */
  estimator?: TcEstimator;
}

/** The loss of `vae` on a batch x [M, inputDim] with noise eps [M, latentDim]. */
export function tcLossParts(vae: Vae, x: tf.Tensor2D, eps: tf.Tensor2D, o: TcLossOptions): TcLossParts {
  return tf.tidy(() => {
    const {mu, logVar} = vae.encode(x); // each [M, D]
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D; // z = μ + σ ⊙ ε
    const l = vae.logits(z); // [M, inputDim]
    const recon = tf.mean(bernoulliNll(x, l)) as tf.Scalar; // Bernoulli −log p(x|z)
    const klPerDim = gaussianKlPerDim(mu, logVar); // [D]
    const kl = tf.sum(klPerDim) as tf.Scalar;
    const {mi, tc, dwKl} = tcTerms(mu, logVar, z, o.datasetSize, o.estimator ?? "mss");
    const reg = o.objective === "beta-vae" ? tf.mul(kl, o.beta) : tf.add(tf.add(mi, tf.mul(tc, o.beta)), dwKl);
    const loss = tf.add(recon, reg) as tf.Scalar;
    return {loss, recon, kl, klPerDim, mi, tc, dwKl};
  });
}
