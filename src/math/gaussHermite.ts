// Gauss–Hermite quadrature for expectations under a Gaussian:
//   E_{N(m, v)}[h(z)] ≈ Σᵢ ωᵢ h(m + √v tᵢ)
// with n nodes tᵢ and weights ωᵢ (Σ ωᵢ = 1) exact for polynomials h of degree ≤ 2n − 1.
// Nodes of the physicists' Hermite polynomial Hₙ by Newton's method from the usual asymptotic guesses
// (Press et al., Numerical Recipes, 3rd ed., §4.6, `gauher`), then rescaled from the weight e^{−x²} to N(0, 1):
//   tᵢ = √2 xᵢ,   ωᵢ = wᵢ / √π.

/** Nodes and weights for E_{N(0,1)}[h(ε)] ≈ Σ weights[i] · h(nodes[i]). */
export interface Quadrature {
  nodes: Float64Array;
  weights: Float64Array;
}

const cache = new Map<number, Quadrature>();

/** The n-point Gauss–Hermite rule for the standard normal (cached). n in [1, 100] (beyond 100 the recurrence underflows). */
export function gaussHermite(n = 48): Quadrature {
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`invalid n: ${n}; expected an integer in [1, 100]`);
  const hit = cache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n), w = new Float64Array(n);
  const PIM4 = Math.pow(Math.PI, -0.25);
  let z = 0;
  for (let i = 0; i < (n + 1) >> 1; i++) {
    // Initial guesses for the i-th largest root.
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0];
    else if (i === 3) z = 1.91 * z - 0.91 * x[1];
    else z = 2 * z - x[i - 2];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      // Orthonormal Hermite recurrence: p1 = H̃ₙ(z), p2 = H̃ₙ₋₁(z).
      let p1 = PIM4, p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    if (i === n - 1 - i) x[i] = 0; // the middle node of an odd rule is exactly 0 (not −0)
    w[i] = w[n - 1 - i] = 2 / (pp * pp);
  }
  const nodes = new Float64Array(n), weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    nodes[i] = Math.SQRT2 * x[n - 1 - i]; // ascending
    weights[i] = w[n - 1 - i] / Math.sqrt(Math.PI);
  }
  const rule = {nodes, weights};
  cache.set(n, rule);
  return rule;
}

/** E_{N(mean, variance)}[h(z)] by the n-point rule. */
export function expectNormal(h: (z: number) => number, mean: number, variance: number, n = 48): number {
  const {nodes, weights} = gaussHermite(n);
  const sd = Math.sqrt(variance);
  let s = 0;
  for (let i = 0; i < nodes.length; i++) s += weights[i] * h(mean + sd * nodes[i]);
  return s;
}
