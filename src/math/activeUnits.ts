// Active units: Burda, Grosse & Salakhutdinov 2016, "Importance Weighted Autoencoders" (ICLR 2016), section 5:
//   A_u = Cov_x( E_{u ∼ q(u|x)}[u] ),   unit u active when A_u > 0.01
// i.e. the variance over inputs x of the posterior mean μ_u(x). A collapsed unit has q(u|x) ≈ p(u) for every x, so
// its mean does not move with x and A_u ≈ 0. Variances are over the n inputs given (dividing by n), in float64.

export interface ActiveUnits {
  /** Number of units whose variance exceeds the threshold. */
  active: number;
  /** Per unit: the variance over inputs of its posterior mean, [latentDim]. */
  variances: number[];
  /** Per unit: variance > threshold. */
  isActive: boolean[];
}

/** Burda et al.'s threshold: a unit is active when the variance over inputs of its posterior mean exceeds it. */
export const ACTIVE_THRESHOLD = 0.01;

/** Active units of posterior means `mu` ([n · latentDim], row-major: example i, unit j at i·latentDim + j). */
export function activeUnits(mu: ArrayLike<number>, n: number, latentDim: number, threshold = ACTIVE_THRESHOLD): ActiveUnits {
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid n: ${n}; expected an integer ≥ 1`);
  if (!Number.isInteger(latentDim) || latentDim < 1) throw new Error(`invalid latentDim: ${latentDim}; expected an integer ≥ 1`);
  if (mu.length !== n * latentDim) throw new Error(`invalid mu: length ${mu.length}; expected n · latentDim = ${n * latentDim}`);
  if (!Number.isFinite(threshold) || threshold < 0) throw new Error(`invalid threshold: ${threshold}; expected a finite number ≥ 0`);
  const variances = new Array<number>(latentDim);
  for (let j = 0; j < latentDim; j++) {
    // Two passes (mean, then squared deviations): no cancellation when the mean is large and the spread small.
    let mean = 0;
    for (let i = 0; i < n; i++) mean += mu[i * latentDim + j];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (mu[i * latentDim + j] - mean) ** 2;
    variances[j] = ss / n;
  }
  const isActive = variances.map((v) => v > threshold);
  return {active: isActive.filter(Boolean).length, variances, isActive};
}
