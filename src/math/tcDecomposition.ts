// The β-TCVAE decomposition of the KL term: Chen, Li, Grosse & Duvenaud, "Isolating Sources of Disentanglement in
// Variational Autoencoders" (NeurIPS 2018), eq. (2), with minibatch-weighted (MWS, eq. 5) or minibatch-stratified
// (MSS, appendix C) sampling. Plain float64 JavaScript, no tfjs: the oracle for src/models/betaTcVae.ts.
//
//   E_x KL(q(z|x) ‖ p(z)) = I_q(x; z)              index-code mutual information
//                          + KL(q(z) ‖ Π_j q(z_j))  total correlation
//                          + Σ_j KL(q(z_j) ‖ p(z_j)) dimension-wise KL
//
// With one draw z_i ~ q(z|x_i) per example of a batch of M from a data set of N, q(z) = (1/N) Σ_n q(z|n) is
// estimated by a weighted sum over the batch, log q(z_i) ≈ logsumexp_m [log w_im + log q(z_i | x_m)], and each
// q(z_ij) likewise with the same weights:
//   MWS  w_im = 1/(N M) for every m                                   (Chen et al. eq. 5)
//   MSS  w_ii = 1/N,  w_im = (N − 1)/(N (M − 1)) for m ≠ i           (the sample's own x, plus the others standing
//        for the N − 1 other points: unbiased for q(z_i) when the batch is a uniform draw without replacement)
// MWS gives the own term weight 1/(NM) too: when N ≫ M it ignores the rest of the batch and the MI estimate sits
// near log(N M) (17.7 nats for dSprites and M = 64), with TC and dwKL large and of opposite signs. MSS does not.
// The three terms are batch means of
//   MI  = log q(z_i|x_i) − log q(z_i),  TC = log q(z_i) − Σ_j log q(z_ij),  dwKL = Σ_j log q(z_ij) − log p(z_i),
// which add up, exactly, to the Monte Carlo KL estimate log q(z_i|x_i) − log p(z_i). Each MWS term is biased for a
// finite batch (Chen et al., appendix C); their sum is not, since log q(z) and Σ_j log q(z_j) cancel in it.

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(z; mu, e^logVar) of one coordinate. */
export function logNormal(z: number, mu: number, logVar: number): number {
  const d = z - mu;
  return -0.5 * (LOG_2PI + logVar + (d * d) / Math.exp(logVar));
}

/** log Σ exp(a_i), stable. */
export function logSumExp(a: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.exp(a[i] - m);
  return m + Math.log(s);
}

/** The three terms and their sum, nats per example. */
export interface TcTerms {
  /** Index-code mutual information I_q(x; z). */
  mi: number;
  /** Total correlation KL(q(z) ‖ Π_j q(z_j)). */
  tc: number;
  /** Dimension-wise KL Σ_j KL(q(z_j) ‖ p(z_j)). */
  dwKl: number;
  /** The Monte Carlo KL estimate, mean of log q(z_i|x_i) − log p(z_i): equals mi + tc + dwKl. */
  kl: number;
}

export type TcEstimator = "mws" | "mss";

/** log w_im, M × M row-major, of the estimator (see the header). */
export function logWeights(M: number, N: number, estimator: TcEstimator): Float64Array {
  if (!Number.isInteger(M) || M < 2) throw new Error(`invalid batch size: ${M}; expected an integer ≥ 2`);
  if (!(N >= M)) throw new Error(`invalid datasetSize: ${N}; expected ≥ the batch size ${M}`);
  const w = new Float64Array(M * M);
  const own = estimator === "mws" ? -Math.log(N * M) : -Math.log(N);
  const other = estimator === "mws" ? own : Math.log((N - 1) / (N * (M - 1)));
  for (let i = 0; i < M; i++) for (let m = 0; m < M; m++) w[i * M + m] = i === m ? own : other;
  return w;
}

/**
 * The decomposition on one batch: `mu`, `logVar`, `z` are M×D (row-major), z_i one draw from q(z|x_i);
 * `datasetSize` N ≥ M is the size of the data set the batch was drawn from.
 */
export function tcDecomposition(
  mu: ArrayLike<number>, logVar: ArrayLike<number>, z: ArrayLike<number>, latentDim: number, datasetSize: number,
  estimator: TcEstimator = "mss"
): TcTerms {
  const D = latentDim;
  const M = mu.length / D;
  if (!Number.isInteger(M) || M < 1 || logVar.length !== mu.length || z.length !== mu.length) {
    throw new Error(`tcDecomposition: mu, logVar and z must all be M × ${D} (lengths ${mu.length}, ${logVar.length}, ${z.length})`);
  }
  const logW = logWeights(M, datasetSize, estimator);
  let mi = 0, tc = 0, dw = 0;
  const joint = new Float64Array(M); // log q(z_i | x_m) over m
  const perDim = Array.from({length: D}, () => new Float64Array(M)); // log q(z_ij | x_m) over m
  for (let i = 0; i < M; i++) {
    joint.fill(0);
    for (let m = 0; m < M; m++) {
      for (let j = 0; j < D; j++) {
        const l = logNormal(z[i * D + j], mu[m * D + j], logVar[m * D + j]);
        perDim[j][m] = l + logW[i * M + m];
        joint[m] += l;
      }
    }
    const logQzx = joint[i];
    for (let m = 0; m < M; m++) joint[m] += logW[i * M + m];
    let logPz = 0;
    for (let j = 0; j < D; j++) logPz += logNormal(z[i * D + j], 0, 0);
    const logQz = logSumExp(joint);
    let logQzProd = 0;
    for (let j = 0; j < D; j++) logQzProd += logSumExp(perDim[j]);
    mi += logQzx - logQz;
    tc += logQz - logQzProd;
    dw += logQzProd - logPz;
  }
  return {mi: mi / M, tc: tc / M, dwKl: dw / M, kl: (mi + tc + dw) / M};
}
