/**
 * @module Rank-based, outlier-robust trend statistics on short series of
 * (time, value) points. Pure functions; O(n²) in the points, and the model
 * never gives them more than a few dozen.
 *
 * - Theil–Sen slope: the median of the slopes between every pair of points.
 *   One dip (a Go map's old bucket array, freed a GC later) or one spike
 *   moves it little, where a least-squares line would swing.
 * - Sen's confidence interval for that slope (Sen 1968), from the same
 *   pairwise slopes and the variance of Kendall's S.
 * - Mann–Kendall: is there a monotonic trend at all? S counts rising pairs
 *   minus falling pairs; its variance (with the correction for ties) gives a
 *   normal-approximation p-value.
 */

export interface MannKendall {
	/** Rising pairs minus falling pairs. */
	readonly s: number;
	readonly variance: number;
	/** Continuity-corrected z. */
	readonly z: number;
	/** One-sided p-values: of a rising trend, of a falling one. */
	readonly pRising: number;
	readonly pFalling: number;
}

export function mannKendall(values: ArrayLike<number>, n = values.length): MannKendall {
	let s = 0;
	for (let i = 0; i < n - 1; i++) {
		for (let j = i + 1; j < n; j++) s += Math.sign(values[j]! - values[i]!);
	}
	const variance = kendallVariance(values, n);
	const z = variance > 0 ? (s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0) : 0;
	return {s, variance, z, pRising: 1 - normalCdf(z), pFalling: normalCdf(z)};
}

/** Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over groups of t tied values. */
function kendallVariance(values: ArrayLike<number>, n: number): number {
	const sorted = Float64Array.from({length: n}, (_, i) => values[i]!).sort();
	let ties = 0;
	for (let i = 0; i < n; ) {
		let j = i + 1;
		while (j < n && sorted[j] === sorted[i]) j++;
		const t = j - i;
		if (t > 1) ties += t * (t - 1) * (2 * t + 5);
		i = j;
	}
	return (n * (n - 1) * (2 * n + 5) - ties) / 18;
}

export interface SenSlope {
	/** Per unit of time (whatever the times are in). */
	readonly slope: number;
	readonly intercept: number;
	/** The confidence interval of the slope; NaN when the points are too few to give one. */
	readonly lower: number;
	readonly upper: number;
}

/** Theil–Sen slope with Sen's interval at the given two-sided confidence. */
export function senSlope(times: ArrayLike<number>, values: ArrayLike<number>, n = Math.min(times.length, values.length), confidence = 0.95): SenSlope {
	// A typed array sorts numbers natively: this sort is most of a verdict's cost (n(n−1)/2 slopes).
	const pairs = new Float64Array((n * (n - 1)) / 2);
	let m = 0;
	for (let i = 0; i < n - 1; i++) {
		for (let j = i + 1; j < n; j++) {
			const dt = times[j]! - times[i]!;
			if (dt > 0) pairs[m++] = (values[j]! - values[i]!) / dt;
		}
	}
	if (m === 0) return {slope: 0, intercept: n > 0 ? values[0]! : 0, lower: Number.NaN, upper: Number.NaN};
	const slopes = pairs.subarray(0, m).sort();
	const slope = median(slopes);
	const offsets = new Float64Array(n);
	for (let i = 0; i < n; i++) offsets[i] = values[i]! - slope * times[i]!;
	const intercept = median(offsets.sort());
	const c = normalQuantile(1 - (1 - confidence) / 2) * Math.sqrt(kendallVariance(values, n));
	const lowerRank = Math.round((m - c) / 2);
	const upperRank = Math.round((m + c) / 2) + 1;
	const fits = lowerRank >= 1 && upperRank <= m;
	return {slope, intercept, lower: fits ? slopes[lowerRank - 1]! : Number.NaN, upper: fits ? slopes[upperRank - 1]! : Number.NaN};
}

/** Median of an ascending array. */
export function median(sorted: ArrayLike<number>): number {
	const n = sorted.length;
	if (n === 0) return Number.NaN;
	const mid = n >> 1;
	return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median absolute deviation from the median (unscaled); 0 for no values. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	const center = median(sorted);
	return median(sorted.map((value) => Math.abs(value - center)).sort((a, b) => a - b));
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
	const x = Math.abs(z) / Math.SQRT2;
	const t = 1 / (1 + 0.3275911 * x);
	const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
	return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Inverse of normalCdf (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
	if (p <= 0) return Number.NEGATIVE_INFINITY;
	if (p >= 1) return Number.POSITIVE_INFINITY;
	const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
	const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
	const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
	const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
	const low = 0.02425;
	if (p < low) {
		const q = Math.sqrt(-2 * Math.log(p));
		return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
	}
	if (p > 1 - low) return -normalQuantile(1 - p);
	const q = p - 0.5;
	const r = q * q;
	return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
