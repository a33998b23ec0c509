// Running mean and variance of a stream of numbers, one pass, numerically stable (Welford 1962), with the fourth
// central moment (Terriberry's extension of Welford's update) so that the variance gets a standard error too.
//   standard error of the mean       √(s² / n)
//   standard error of the variance   √((m₄ − m₂²) / n)     (large-n form; m_k are the central sample moments)
// "Within Monte Carlo error" in the chapter and its tests means within 4 of these standard errors.

export class RunningMoments {
  /** Number of values pushed. */
  n = 0;
  /** Their mean (NaN before the first value). */
  mean = NaN;
  private m2 = 0;
  private m3 = 0;
  private m4 = 0;

  /** Adds one value. */
  push(x: number): void {
    const n1 = this.n;
    const n = ++this.n;
    if (n === 1) {
      this.mean = x;
      return;
    }
    const delta = x - this.mean;
    const dn = delta / n;
    const dn2 = dn * dn;
    const t = delta * dn * n1;
    this.mean += dn;
    this.m4 += t * dn2 * (n * n - 3 * n + 3) + 6 * dn2 * this.m2 - 4 * dn * this.m3;
    this.m3 += t * dn * (n - 2) - 3 * dn * this.m2;
    this.m2 += t;
  }

  /** Adds every value of `xs`. */
  pushAll(xs: ArrayLike<number>): void {
    for (let i = 0; i < xs.length; i++) this.push(xs[i]);
  }

  /** Unbiased sample variance s² (NaN below two values). */
  get variance(): number {
    return this.n < 2 ? NaN : this.m2 / (this.n - 1);
  }

  /** Standard error of the mean, √(s²/n). */
  get meanStandardError(): number {
    return Math.sqrt(this.variance / this.n);
  }

  /** Standard error of the sample variance, √((m₄ − m₂²)/n) with the central sample moments m_k. */
  get varianceStandardError(): number {
    if (this.n < 2) return NaN;
    const c2 = this.m2 / this.n, c4 = this.m4 / this.n;
    return Math.sqrt(Math.max(0, c4 - c2 * c2) / this.n);
  }

  /** Back to no values. */
  reset(): void {
    this.n = 0;
    this.mean = NaN;
    this.m2 = this.m3 = this.m4 = 0;
  }
}
