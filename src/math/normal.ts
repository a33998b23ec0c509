// The standard normal distribution in plain float64 JavaScript: its density φ, its CDF Φ, and expectations
// E_{ε~N(0,1)}[h(ε)] by quadrature. The quadrature is the oracle the estimator chapter uses wherever a closed form
// is missing (e.g. E[sigmoid(kz)]); the tests check it against closed forms.
//   φ(x) = e^{−x²/2} / √(2π)        Φ(x) = ½ erfc(−x/√2)
//   erf by its Taylor series for |x| < 2.5, erfc by its continued fraction beyond (Abramowitz & Stegun 7.1.5, 7.1.14)

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** erf(x) by its Taylor series; accurate to ~1e-14 for |x| < 2.5. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x; // (−1)^n x^{2n+1} / n!
  let sum = x;
  for (let n = 1; n < 100; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** erfc(x) for x ≥ 2.5 by the continued fraction e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))). */
function erfcContinuedFraction(x: number): number {
  let t = x;
  for (let n = 120; n >= 1; n--) t = x + n / 2 / t;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
}

/** The complementary error function erfc(x) = 1 − erf(x), with full relative accuracy in the right tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 2.5) return erfcContinuedFraction(x);
  if (x <= -2.5) return 2 - erfcContinuedFraction(-x);
  return 1 - erfSeries(x);
}

/** Standard normal CDF Φ(x) = P(ε ≤ x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Options of `normalExpectation`. */
export interface QuadratureOptions {
  /** Points where h jumps, has a kink or changes fast: the integral is split there. Default none. */
  breaks?: readonly number[];
  /** Fewest Simpson intervals in each piece between breaks, so that short pieces are resolved. Default 16. */
  minPerPiece?: number;
  /** The integral runs over [−limit, limit]; φ(12) ≈ 2e-32. Default 12. */
  limit?: number;
  /** Simpson intervals over the whole range, shared among the pieces by length. Default 2048. */
  intervals?: number;
}

/**
 * E_{ε~N(0,1)}[h(ε)] = ∫ h(ε) φ(ε) dε by composite Simpson's rule over [−limit, limit], split at `breaks`.
 * For smooth h of polynomial growth it is accurate to ~1e-10 with the defaults.
 */
export function normalExpectation(h: (eps: number) => number, options: QuadratureOptions = {}): number {
  const {breaks = [], limit = 12, intervals = 2048, minPerPiece = 16} = options;
  if (!(limit > 0) || !Number.isFinite(limit)) throw new Error(`invalid limit: ${limit}; expected a finite number > 0`);
  if (!Number.isInteger(intervals) || intervals < 2) throw new Error(`invalid intervals: ${intervals}; expected an integer ≥ 2`);
  const cuts = [-limit, ...breaks.filter((b) => b > -limit && b < limit).sort((a, b) => a - b), limit];
  let total = 0;
  for (let p = 0; p + 1 < cuts.length; p++) {
    const a = cuts[p], b = cuts[p + 1];
    if (b <= a) continue;
    let n = Math.max(2, minPerPiece, Math.round((intervals * (b - a)) / (2 * limit)));
    if (n % 2) n++;
    const dx = (b - a) / n;
    const g = (e: number) => h(e) * normalPdf(e);
    // Just inside each end, so that a step at a break takes the value of the piece it bounds.
    const tiny = 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
    let s = g(a + tiny) + g(b - tiny);
    for (let i = 1; i < n; i++) s += g(a + i * dx) * (i % 2 ? 4 : 2);
    total += (s * dx) / 3;
  }
  return total;
}
