/**
 * What separates a leak from churn and from a full cache is the shape of the
 * values over time, not one difference. These are pure functions over a
 * window of (time, value) points.
 */
export interface Trend {
	/** Last value minus the first. */
	readonly growth: number;
	/** Least-squares slope, per minute. */
	readonly slopePerMinute: number;
	readonly intervals: number;
	readonly rises: number;
	readonly falls: number;
	/** (sum of rises − sum of falls) / (sum of rises + sum of falls), at least 0: 1 = never went down. */
	readonly monotonicity: number;
	/** Share of the window's quarters that saw a rise: growth that went on, not one early jump. */
	readonly coverage: number;
	/** monotonicity × coverage, 0..1. */
	readonly steadiness: number;
	/** max(0, slopePerMinute) × steadiness: steady growth outranks churn and a filled cache. */
	readonly score: number;
}

export const FLAT: Trend = {
	growth: 0,
	slopePerMinute: 0,
	intervals: 0,
	rises: 0,
	falls: 0,
	monotonicity: 0,
	coverage: 0,
	steadiness: 0,
	score: 0,
};

/** times in ms, oldest first; values may run longer (a reused buffer): only the first times.length count. */
export function trendOf(times: ArrayLike<number>, values: ArrayLike<number>): Trend {
	const n = Math.min(times.length, values.length);
	if (n < 2) return FLAT;
	const intervals = n - 1;
	const buckets = Math.min(4, intervals);
	let bucketsRose = 0; // a bit per bucket
	let up = 0;
	let down = 0;
	let rises = 0;
	let falls = 0;
	for (let i = 1; i < n; i++) {
		const delta = values[i]! - values[i - 1]!;
		if (delta > 0) {
			up += delta;
			rises++;
			bucketsRose |= 1 << Math.min(buckets - 1, Math.floor(((i - 1) * buckets) / intervals));
		} else if (delta < 0) {
			down -= delta;
			falls++;
		}
	}
	const monotonicity = up + down > 0 ? Math.max(0, (up - down) / (up + down)) : 0;
	let bucketsThatRose = 0;
	for (let b = 0; b < buckets; b++) bucketsThatRose += (bucketsRose >> b) & 1;
	const coverage = bucketsThatRose / buckets;
	const steadiness = monotonicity * coverage;
	const slopePerMinute = slope(times, values, n) * 60_000;
	return {
		growth: values[n - 1]! - values[0]!,
		slopePerMinute,
		intervals,
		rises,
		falls,
		monotonicity,
		coverage,
		steadiness,
		score: Math.max(0, slopePerMinute) * steadiness,
	};
}

function slope(times: ArrayLike<number>, values: ArrayLike<number>, n: number): number {
	let meanT = 0;
	let meanV = 0;
	for (let i = 0; i < n; i++) {
		meanT += times[i]!;
		meanV += values[i]!;
	}
	meanT /= n;
	meanV /= n;
	let num = 0;
	let den = 0;
	for (let i = 0; i < n; i++) {
		const dt = times[i]! - meanT;
		num += dt * (values[i]! - meanV);
		den += dt * dt;
	}
	return den > 0 ? num / den : 0;
}

export interface SteadyRule {
	/** Growth below this is noise (bytes for heap sites, goroutines for groups). */
	readonly minGrowth: number;
	/** steadiness at or above this counts as steady. */
	readonly minSteadiness: number;
}

export const HEAP_RULE: SteadyRule = {minGrowth: 256 * 1024, minSteadiness: 0.6};
export const GOROUTINE_RULE: SteadyRule = {minGrowth: 3, minSteadiness: 0.6};

/**
 * "Grows steadily through the run": enough growth, rising in most of the
 * window (three rises, or every interval when there are fewer), and seldom
 * falling back.
 */
export function isSteadyGrowth(trend: Trend, rule: SteadyRule): boolean {
	return (
		trend.intervals >= 2 &&
		trend.rises >= Math.min(3, trend.intervals) &&
		trend.growth >= rule.minGrowth &&
		trend.steadiness >= rule.minSteadiness
	);
}
