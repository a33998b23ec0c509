// Free bits: Kingma et al. 2016, "Improved Variational Inference with Inverse Autoregressive Flow" (NeurIPS 2016),
// the "free bits" objective of its appendix. The latent dimensions are split into groups g (one dimension per group by default); the KL of each
// group, averaged over the minibatch first, is floored at λ nats:
//   (FB)  L_KL = Σ_g max(λ, KL_g),   KL_g = Σ_{j ∈ g} KL_j,   KL_j = mean over the batch of KL(q(z_j|x) ‖ p(z_j))
// Gradient: ∂L_KL/∂KL_j = 1 if KL_{g(j)} ≥ λ, else 0. A group below its floor feels no KL pressure at all, so the
// encoder may spend up to λ nats there for free; a group above it is penalised exactly as in the ELBO. At KL_g = λ
// the gradient is 1, the convention of tf.maximum(kl, λ) (its first argument wins ties). Plain numbers, no tfjs:
// the oracle for ../models/freeBits.ts.

/** Throws unless λ is a finite number ≥ 0. */
export function checkLambda(lambda: number): number {
  if (typeof lambda !== "number" || !Number.isFinite(lambda) || lambda < 0) throw new Error(`invalid lambda: ${lambda}; expected a finite number ≥ 0`);
  return lambda;
}

/**
 * Group index of each dimension (0, 1, …, groups − 1, every index used) and the number of groups; without `groups`,
 * dimension j is group j.
 */
export function checkGroups(latentDim: number, groups?: ArrayLike<number>): {index: number[]; count: number} {
  if (groups === undefined) return {index: Array.from({length: latentDim}, (_, j) => j), count: latentDim};
  if (groups.length !== latentDim) throw new Error(`invalid groups: length ${groups.length}; expected one group index per dimension (${latentDim})`);
  const index = Array.from(groups);
  const count = index.length === 0 ? 0 : Math.max(...index) + 1;
  index.forEach((g, j) => {
    if (!Number.isInteger(g) || g < 0) throw new Error(`invalid groups[${j}]: ${g}; expected an integer ≥ 0`);
  });
  for (let g = 0; g < count; g++) if (!index.includes(g)) throw new Error(`invalid groups: group ${g} is empty; number groups 0 … ${count - 1} without gaps`);
  return {index, count};
}

/** KL_g = Σ_{j ∈ g} KL_j, per group. */
export function groupKl(klPerDim: ArrayLike<number>, groups?: ArrayLike<number>): number[] {
  const {index, count} = checkGroups(klPerDim.length, groups);
  const out = new Array<number>(count).fill(0);
  for (let j = 0; j < klPerDim.length; j++) out[index[j]] += klPerDim[j];
  return out;
}

/** (FB) Σ_g max(λ, KL_g), in nats; `klPerDim` already averaged over the batch. */
export function freeBitsKl(klPerDim: ArrayLike<number>, lambda: number, groups?: ArrayLike<number>): number {
  checkLambda(lambda);
  return groupKl(klPerDim, groups).reduce((s, k) => s + Math.max(lambda, k), 0);
}

/** ∂(FB)/∂KL_j: 1 where the dimension's group has KL_g ≥ λ, 0 where it is below the floor. */
export function freeBitsGradient(klPerDim: ArrayLike<number>, lambda: number, groups?: ArrayLike<number>): number[] {
  checkLambda(lambda);
  const {index} = checkGroups(klPerDim.length, groups);
  const kg = groupKl(klPerDim, groups);
  return index.map((g) => (kg[g] >= lambda ? 1 : 0));
}
