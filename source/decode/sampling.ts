/**
 * @module Go's heap sampling, as the decoder and the verdicts both need it: an
 * object of `size` bytes is sampled with probability 1−e^(−size/period).
 */

/**
 * How uncertain a sampled object count is, per object allocated: Go samples an
 * object of `size` bytes with probability 1−e^(−x), x = size/period, and counts
 * it as 1/(1−e^(−x)) objects, so each object adds e^(−x)/(1−e^(−x)) to the
 * variance (about period/size for small objects).
 */
export function countVariance(size: number, period: number): number {
	const x = size / period;
	if (x < 1e-9) return 1 / 1e-9;
	return Math.exp(-x) / (1 - Math.exp(-x));
}
