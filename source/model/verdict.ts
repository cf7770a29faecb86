/**
 * @module Is it leaking? One judgement for every series leakwatch watches
 * (an allocation site's in-use bytes and objects, a goroutine group's count,
 * the live heap after GC): the same statistics in the dashboard, `check`,
 * `replay`, the target list and the alarms. docs/design.md explains the method.
 *
 * Growing = a rising monotonic trend (Mann–Kendall, p < 0.01) whose growth
 * (between the medians of the window's first and last quarter) clears its
 * noise by 3σ, and a floor of what matters. The noise is the larger of what
 * the measurement itself implies (a heap profile is a sample: see heapNoise)
 * and what the points show (the spread of their steps). The rate is the Theil–Sen
 * slope, with the wider of Sen's 95% interval and the noise's. Then:
 * - leaking: still rising at the end of the window (see plateau);
 * - filled: the rises stopped (a cache or pool at its cap, a warm-up that
 *   ended);
 * - too few samples: the measurement cannot tell yet, including "grew, but
 *   whether it still grows cannot be told" (say how to fix that);
 * - churning, flat, shrinking otherwise.
 */
import {countVariance} from '../decode/sampling.js';
import {mannKendall, median, medianAbsoluteDeviation, senSlope} from './stats.js';

export type Verdict = 'leaking' | 'filled' | 'too few samples' | 'churning' | 'flat' | 'shrinking';

/** From most to least alarming: the order lists are ranked in. */
export const VERDICT_ORDER: readonly Verdict[] = ['leaking', 'too few samples', 'filled', 'churning', 'shrinking', 'flat'];

export interface Judgement {
	readonly verdict: Verdict;
	/** Theil–Sen slope per minute; NaN with fewer than three points. */
	readonly ratePerMinute: number;
	/** Half-width of the rate's 95% interval; NaN with fewer than three points. */
	readonly rateUncertainty: number;
	/** How much it grew over the window: the median of its last quarter minus that of its first. */
	readonly growth: number;
	/** Fitted growth in units of its noise. */
	readonly z: number;
	/** Mann–Kendall p-value of a rising trend. */
	readonly pRising: number;
	readonly points: number;
	readonly spanMs: number;
	/** Why, in words (shown in the drill-down and report.md). */
	readonly reason: string;
}

export interface JudgeInput {
	readonly times: readonly number[];
	readonly values: readonly number[];
	/** σ of the change between points i and j that the measurement alone implies; 0 when exact. */
	readonly noise: (i: number, j: number) => number;
	/** Roughly how many samples the measurement took of what changed over the window; Infinity when exact. */
	readonly samples: number;
	/** Growth smaller than this does not matter, whatever its significance. */
	readonly floor: number;
	/** How to say "run longer / sample more" for this kind of series. */
	readonly remedy: string;
	/**
	 * What leaks never comes back (goroutines stuck for good): then a rise
	 * must also be nearly monotone — falls under a quarter of the rises — or it
	 * is churn that drifted (short-lived goroutines living longer under load).
	 */
	readonly monotone?: boolean;
}

/** Fitted growth must clear its noise by this many σ. */
export const GROWTH_SIGMAS = 3;
/** Growth this many σ above its noise is growth whatever its shape. */
export const CLEAR_SIGMAS = 8;
/**
 * The last third must rise by this many σ of its slope to be "still rising".
 * 3σ was tried: the accuracy suite's tiny-object leak then went unfound in a
 * 30 s check at fine sampling.
 */
export const STILL_RISING_SIGMAS = 2;
/** Mann–Kendall one-sided significance for a trend: strict, since a dashboard judges thousands of sites. */
export const TREND_ALPHA = 0.01;
/** A trend needs this many points (with fewer, Mann–Kendall cannot reach p < 0.01). */
export const MIN_POINTS = 6;
/** "Filled" when a run of quiet intervals this unlikely ends the window. */
export const PLATEAU_ALPHA = 0.05;
/** Fewer expected samples than this: the sampling cannot tell. */
export const MIN_SAMPLES = 10;

export const NO_JUDGEMENT: Judgement = {
	verdict: 'flat',
	ratePerMinute: Number.NaN,
	rateUncertainty: Number.NaN,
	growth: 0,
	z: 0,
	pRising: 1,
	points: 0,
	spanMs: 0,
	reason: 'no profile yet',
};

export function judge(input: JudgeInput): Judgement {
	const {times, values} = input;
	const n = Math.min(times.length, values.length);
	const spanMs = n > 1 ? times[n - 1]! - times[0]! : 0;
	if (n < 2 || spanMs <= 0) return {...NO_JUDGEMENT, points: n, reason: n === 0 ? 'no profile yet' : 'one profile so far'};
	let constant = true;
	for (let i = 1; i < n; i++) if (values[i] !== values[0]) constant = false;
	if (constant) {
		const enough = n >= 3;
		return {...NO_JUDGEMENT, ratePerMinute: enough ? 0 : Number.NaN, rateUncertainty: enough ? 0 : Number.NaN, points: n, spanMs, reason: `unchanged${fromFewSamples(input)}`};
	}

	const sen = senSlope(times, values, n);
	const mk = mannKendall(values, n);
	// How much it grew: between the robust levels of the first and the last quarter of the window.
	const q = Math.max(1, Math.floor(n / 4));
	const growth = medianOf(values, n - q, n) - medianOf(values, 0, q);
	// The noise of that: the larger of what the measurement implies and what the points themselves
	// show (the same sampling noise shows in both: adding them would count it twice).
	const pointNoise = stepNoise(values, n);
	// The growth compares the quarters' middles: the measurement's noise is that between them.
	const middle = Math.floor((q - 1) / 2);
	const measured = input.noise(middle, n - 1 - middle);
	const sigma = Math.max(pointNoise * Math.sqrt(2 / q) * 1.25, measured);
	const z = sigma > 0 ? growth / sigma : growth > 0 ? Number.POSITIVE_INFINITY : growth < 0 ? Number.NEGATIVE_INFINITY : 0;
	const enough = n >= 3;
	const interval = Number.isFinite(sen.lower) && Number.isFinite(sen.upper) ? ((sen.upper - sen.lower) / 2) * 60_000 : 0;
	const measuredSpan = times[n - 1 - middle]! - times[middle]! || spanMs;
	const slopeNoise = Math.max(pointNoise / Math.sqrt(sumOfSquares(times, n)), measured / measuredSpan);
	const base = {
		ratePerMinute: enough ? sen.slope * 60_000 : Number.NaN,
		rateUncertainty: enough ? Math.max(interval, 1.96 * slopeNoise * 60_000) : Number.NaN,
		growth,
		z,
		pRising: mk.pRising,
		points: n,
		spanMs,
	};
	let low = Number.POSITIVE_INFINITY;
	let high = Number.NEGATIVE_INFINITY;
	for (let i = 0; i < n; i++) {
		low = Math.min(low, values[i]!);
		high = Math.max(high, values[i]!);
	}
	// Nothing kept above what matters (a goroutine stack seen in a few profiles as it passed through, one
	// sampled object that came and went): no suspect, however few the points or samples. As "too few
	// samples", such rows would crowd the top of a list.
	const keptLittle = values[n - 1]! - low < input.floor;
	if (n < MIN_POINTS) {
		if (keptLittle) return {...base, verdict: 'flat', reason: `${n} profiles so far, and nothing kept that matters${fromFewSamples(input)}`};
		return {...base, verdict: 'too few samples', reason: `${n} profiles so far; a trend needs ${MIN_POINTS}: ${input.remedy}`};
	}
	// A map cleared every 20 s, a backlog that drains: what such a series keeps is its lowest point
	// (whether or not its quarters' medians differ: a level sawtooth is no cache that filled either).
	const cycles = sawtooth(input, n, medianOf(values, 0, q), pointNoise);
	if (cycles) return {...base, ...judgeSawtooth(input, n, cycles)};
	// Rose within the first quarter and level since: a cache that filled as the window began. The quarters'
	// medians may then both sit on the filled level, and the growth between them miss the fill; and when
	// they do not, three quarters of a window level is stronger evidence than plateau's last third.
	const lowAt = lowestIndex(values, 0, q - 1);
	const kept = medianOf(values, q, n) - values[lowAt]!;
	// From 10 samples: one big block kept is one event, as likely a leak's first burst.
	const filledEarly =
		input.samples >= MIN_SAMPLES &&
		kept >= input.floor &&
		kept > GROWTH_SIGMAS * Math.max(input.noise(lowAt, n - 1), pointNoise * Math.SQRT2) &&
		medianOf(values, n - q, n) - values[lowAt]! > 0.75 * kept &&
		Math.abs(segmentSlope(input, q, n - 1, pointNoise).z) < 1;
	if (filledEarly) return {...base, verdict: 'filled', reason: 'rose as the window began, and has stayed level since: a cache or pool that filled'};
	// A rise so far above its noise needs no rank test (a cache that filled and has been flat since is mostly ties).
	const falls = fallsShare(values, n);
	const clearRise = ((mk.pRising < TREND_ALPHA && z >= GROWTH_SIGMAS) || z >= CLEAR_SIGMAS) && (!input.monotone || falls <= 0.25);
	if (clearRise && growth >= input.floor) {
		const shape = plateau(input, n, growth, z, pointNoise, sen.slope);
		// "Grew, then stopped" is a pattern: from a few samples (one big block kept) it is one event, as
		// likely the first of a leak's bursts as a warm-up that ended.
		if (shape.verdict === 'filled' && input.samples < MIN_SAMPLES) {
			return {...base, verdict: 'too few samples', reason: `grew, then no rise, from ${formatSamples(input.samples)}: one step may be the first of a leak's bursts: ${input.remedy}`};
		}
		return {...base, ...shape};
	}
	if (-growth >= input.floor && ((mk.pFalling < TREND_ALPHA && z <= -GROWTH_SIGMAS) || z <= -CLEAR_SIGMAS)) return {...base, verdict: 'shrinking', reason: 'falling steadily'};
	if (input.samples < MIN_SAMPLES && !keptLittle) {
		return {...base, verdict: 'too few samples', reason: `${formatSamples(input.samples)} of what changed in the window: ${input.remedy}`};
	}
	if (z >= 1.5 && mk.pRising < 0.25 && growth >= input.floor) {
		const but =
			z < GROWTH_SIGMAS
				? `not clearly above its noise (${z.toFixed(1)}σ)`
				: input.monotone && falls > 0.25
					? 'falling back on the way by more than a quarter of what it rose (churn that drifted, or a leak under churn)'
					: `not steadily enough (a rising trend at p = ${mk.pRising.toFixed(2)}; a leak needs ${TREND_ALPHA})`;
		return {...base, verdict: 'too few samples', reason: `rose, but ${but}: ${input.remedy}`};
	}
	// A clear rise, by less than counts between the quarters: a slow leak seen over a short window. Once it
	// has kept what counts since its low, that is no answer yet; before, it is flat, and says it rises.
	if (clearRise && !keptLittle) return {...base, verdict: 'too few samples', reason: `rising steadily, but by less than counts between the window's first and last quarters yet: ${input.remedy}`};
	if (clearRise) return {...base, verdict: 'flat', reason: `rising steadily, but by less than counts${fromFewSamples(input)}`};
	// What only rose is no churn, however far: "up and down" needs falls.
	if (high - low >= input.floor && high - low > GROWTH_SIGMAS * measured && falls >= 0.25) {
		return {...base, verdict: 'churning', reason: `moves up and down, keeps nothing${fromFewSamples(input)}`};
	}
	return {...base, verdict: 'flat', reason: `no trend above its noise${fromFewSamples(input)}`};
}

/**
 * Unchanged or flat in a sampled profile can mean little was sampled there
 * (a series that keeps nothing above its floor is flat however few its
 * samples): then the reason says from how few, with the remedy.
 */
function fromFewSamples(input: JudgeInput): string {
	return Number.isFinite(input.samples) && input.samples < MIN_SAMPLES ? `, from ${formatSamples(input.samples)}: ${input.remedy}` : '';
}

/** Σ falls / Σ rises between neighbours. */
function fallsShare(values: readonly number[], n: number): number {
	let up = 0;
	let down = 0;
	for (let i = 1; i < n; i++) {
		const step = values[i]! - values[i - 1]!;
		if (step > 0) up += step;
		else down -= step;
	}
	return up > 0 ? down / up : Number.POSITIVE_INFINITY;
}

/** Where values[from..to] (inclusive) is lowest; the first such point. */
function lowestIndex(values: readonly number[], from: number, to: number): number {
	let at = from;
	for (let i = from + 1; i <= to; i++) if (values[i]! < values[at]!) at = i;
	return at;
}

function medianOf(values: readonly number[], from: number, to: number): number {
	return median(values.slice(from, to).sort((a, b) => a - b));
}

/**
 * The noise of one point, from the points themselves: the median absolute
 * deviation of the steps between neighbours (a trend moves every step alike,
 * noise does not), scaled to σ of a point.
 */
function stepNoise(values: readonly number[], n: number): number {
	if (n < 3) return 0;
	const steps: number[] = [];
	for (let i = 1; i < n; i++) steps.push(values[i]! - values[i - 1]!);
	// A series that mostly stands still and moves in jumps of varying size (a pool's buffers, as
	// each GC finds them) has a MAD of 0 over all its steps: its noise is then the spread of the
	// moves, weighted by how often it moves. Equal jumps (a staircase) still count as no noise.
	const moves = steps.filter((step) => step !== 0);
	return (Math.max(medianAbsoluteDeviation(steps), medianAbsoluteDeviation(moves) * Math.sqrt(moves.length / steps.length)) * 1.4826) / Math.SQRT2;
}

function sumOfSquares(times: readonly number[], n: number): number {
	let mean = 0;
	for (let i = 0; i < n; i++) mean += times[i]!;
	mean /= n;
	let sum = 0;
	for (let i = 0; i < n; i++) sum += (times[i]! - mean) ** 2;
	return sum;
}

/**
 * Grew: is it still growing at the end of the window? Tried in this order:
 * 1. the window ends in a run of k ≥ 2 quiet intervals (no rise above the
 *    interval's noise and a quarter of the mean step) that would have
 *    probability (1−p)^k < 5% if it kept rising as often (p) as before, with
 *    no rise across the run (above twice its noise and a quarter of the mean
 *    step an interval, or a slope of 3σ by the floor or more: a slow leak
 *    after a big step rises less than that quarter every interval), and a
 *    rise too far below what the earlier slope would have added for sampling
 *    to explain it (quietBySampling): filled;
 * 2. the last third alone rises: its Theil–Sen slope ≥ 2σ of that slope
 *    (σ from the larger of the measurement's noise over the third and the
 *    points' own spread; 3σ when it is 2σ below the earlier rate and under
 *    a quarter of it, as a cache's that filled, the earlier rate being the
 *    higher of the median and the mean slope) — and without the points
 *    from a jump that stands out and has not held for a whole interval (a
 *    spike is not yet a rise that stays): leaking;
 * 3. it grows in bursts (a batch every so often): at least three separate
 *    clear rises that the series keeps carry three quarters of the growth,
 *    and the quiet since the last is no longer than the longest gap between
 *    them: leaking;
 * 4. the last third's slope is below the earlier rate (here the lower of
 *    the median and the mean slope) by ≥ 2σ of the difference and within 1σ
 *    of flat, its rise beyond what sampling could miss (quietBySampling), and
 *    the quiet since the last rise is longer than twice the gaps between
 *    rises: the growth stopped, filled;
 * 5. otherwise the points cannot tell a leak from a cache that filled early
 *    in the window: too few samples, and say so. A false "leak" on a filled
 *    cache costs as much trust as a missed leak; this costs a longer run.
 */
function plateau(input: JudgeInput, n: number, growth: number, z: number, pointNoise: number, slope: number): {verdict: Verdict; reason: string; ratePerMinute?: number} {
	const {times, values, noise} = input;
	const step = growth / (n - 1);
	const rises: boolean[] = [];
	const riseSize: number[] = [];
	for (let i = 0; i < n - 1; i++) {
		const delta = values[i + 1]! - values[i]!;
		rises.push(delta > Math.max(noise(i, i + 1), 0.25 * step) && delta > 0);
		riseSize.push(delta);
	}
	// The window's bursts; recomputed below only when a young jump must be left out of them.
	const whole = bursts(input, n, pointNoise, step, n - 1);
	let quiet = 0;
	while (quiet < rises.length && !rises[rises.length - 1 - quiet]) quiet++;
	const before = rises.length - quiet;
	if (quiet >= 2 && before > 0) {
		let rose = 0;
		for (let i = 0; i < before; i++) if (rises[i]) rose++;
		const p = (rose + 0.5) / (before + 1);
		const unlikely = (1 - p) ** quiet < PLATEAU_ALPHA;
		const from = n - 1 - quiet;
		const tail = values[n - 1]! - values[from]!;
		// Quiet interval by interval is not quiet over the run: a slow leak after a big step early in the window
		// rises by less than a quarter of the mean step every interval, and clearly across the run.
		const runRises = tail >= input.floor && segmentSlope(input, from, n - 1, pointNoise).z >= GROWTH_SIGMAS;
		const stillRising = runRises || tail > Math.max(2 * noise(from, n - 1), 0.25 * step * quiet);
		if (unlikely && !stillRising && !nextGap(whole) && !quietBySampling(input, n, from, pointNoise)) {
			// Two quiet intervals are also what a leak shows in a lull of its traffic (an unseen service's
			// steady leak read "filled" so in one 60 s check of three): they cannot tell yet.
			if (quiet < 3) return {verdict: 'too few samples', reason: `grew, then no rise in the last ${quiet} of ${n - 1} intervals: whether it stopped cannot be told yet: ${input.remedy}`};
			return {verdict: 'filled', reason: `grew, then no rise in the last ${quiet} of ${n - 1} intervals: a cache or pool that filled`};
		}
	}

	const m = n - Math.max(4, Math.ceil(n / 3));
	const recent = segmentSlope(input, m, n - 1, pointNoise);
	// A jump that has not held for a whole interval cannot show that it stays (two generations alive
	// until the next GC; a GC that caught a big response being written, such as the heap profile
	// leakwatch just asked for, then the final poll of a check a moment later): when the newest step,
	// or the one before a short last interval, stands out from the others, the last third must rise
	// without the points from that jump on too, and the jump is no burst.
	const sizes = riseSize.map(Math.abs).sort((a, b) => a - b);
	const intervals = riseSize.map((_, i) => times[i + 1]! - times[i]!).sort((a, b) => a - b);
	const young = (i: number) => i >= 0 && riseSize[i]! > 3 * Math.max(median(sizes), noise(i, i + 1)) && times[n - 1]! - times[i + 1]! < median(intervals);
	const jump = young(n - 3) ? n - 2 : young(n - 2) ? n - 1 : -1;
	const settled = jump > 0 ? segmentSlope(input, m, jump - 1, pointNoise) : recent;
	// A leak is reported with its rate: the window's robust slope must rise too. A site that mostly sits
	// at one level and jumps back and forth (a buffer that some GCs catch alive and others do not, such
	// as pprof's own gzip writer while a profile is served) has a median slope of zero, however its last
	// third happens to fall.
	// When the last third rises at a fraction of the earlier rate, surely so (a cache that filled, then
	// turns over), a rise of 2σ is what noise gives one filled cache in 40: then it must be clear
	// (GROWTH_SIGMAS). A leak whose rate merely dipped keeps the 2σ rule.
	// The earlier rate is measured two ways, its median slope and its mean one, and each verdict takes the
	// one least in its favour: a fill in a few big steps early in the window is what a median slope leaves
	// out (a 4 KiB cache that filled read 25–40 KB/s before, and 2σ of noise passed as "still rising" in
	// one CI run of the accuracy suite), and a few lucky samples early in a sparsely sampled leak raise
	// its mean (read "stopped" in 2% of simulated 30 s checks of a 200 KB/s leak at Go's default rate).
	const earlier = segmentSlope(input, 0, m, pointNoise);
	const mean = times[m]! > times[0]! ? (values[m]! - values[0]!) / (times[m]! - times[0]!) : earlier.slope;
	const dropFrom = (rate: number) => (rate - recent.slope) / Math.hypot(earlier.sigma, recent.sigma);
	const high = Math.max(earlier.slope, mean);
	const needed = dropFrom(high) >= 2 && recent.slope < high / 4 ? GROWTH_SIGMAS : STILL_RISING_SIGMAS;
	if (recent.z >= needed && settled.z >= needed && slope > 0 && !oneStep(input, m, n, pointNoise, needed)) {
		return {verdict: 'leaking', reason: quiet === 0 ? 'rising steadily, still rising at the end' : 'rising, and still rising over the last third of the window'};
	}

	const seen = jump > 0 ? bursts(input, n, pointNoise, step, jump) : whole;
	const {episodes, burstGrowth, longestGap, quietSince} = seen;
	if (episodes >= 3 && burstGrowth >= 0.75 * growth && quietSince <= longestGap) {
		// The median slope of a staircase is about 0: its mean rate is the honest figure.
		return {verdict: 'leaking', reason: `rising in ${episodes} bursts, the last one recent`, ratePerMinute: (growth / (times[n - 1]! - times[0]!)) * 60_000};
	}

	// Stopped: far below the earlier slope, and no longer clearly above flat (a last third that still rises at
	// 1.8σ is neither proof of a leak nor of a cache that filled: too few samples).
	const low = Math.min(earlier.slope, mean);
	const stopped = (dropFrom(low) >= 2 || (earlier.sigma === 0 && recent.sigma === 0 && low > recent.slope)) && recent.z < 1 && !quietBySampling(input, n, m, pointNoise);
	if (stopped && !nextGap(seen)) {
		return {verdict: 'filled', reason: 'grew, then stopped: the last third of the window rises far less than before (a cache or pool that filled)'};
	}
	return {verdict: 'too few samples', reason: `grew (${z < 100 ? `${z.toFixed(1)}σ` : 'clearly'}), but whether it still grows cannot be told from the last third yet: ${input.remedy}`};
}

interface Sawtooth {
	/** Each rise that fell back: its lowest point (−1 when it rose before the window) and where its fall landed. */
	readonly teeth: ReadonlyArray<{readonly trough: number; readonly fall: number}>;
	/** The longest time a rise that fell back took from its lowest point to its peak. */
	readonly longestRise: number;
	/** The lowest point of each cycle, the current one's once it has risen from it. */
	readonly troughs: readonly number[];
}

/**
 * Rises that were given back: the series rose clearly above a level (its
 * floor, and 3σ of the noise between the rise's start and its peak), stayed
 * up for two profiles or more (a one-profile spike is not a cycle), then
 * fell, by 3σ, to within a quarter of that rise of the level, before the
 * newest point (a dip there alone has not held yet). The level is `start`
 * (where the window began), then where the last clear fall landed. Or the
 * window opened at a rise's top and fell at once, then climbed back (below).
 * A leak keeps what it grew; a map cleared every so often, a queue that
 * drains, does not.
 */
function sawtooth(input: JudgeInput, n: number, start: number, pointNoise: number): Sawtooth | undefined {
	const {times, values, noise} = input;
	const clear = (from: number, to: number, by: number) => by >= input.floor && by > GROWTH_SIGMAS * Math.max(noise(from, to), pointNoise * Math.SQRT2);
	const teeth: Array<{trough: number; fall: number}> = [];
	let longestRise = 0;
	let from = 0;
	let peak = 0;
	// Where a fall must come back to: the window's start, then where the last clear fall landed (a
	// sawtooth riding a fill, such as a cache warming up, lands higher each time until the fill ends).
	let level = start;
	// A fall in the newest point alone has not held yet (a dip of a noisy series is not yet a cycle).
	for (let j = 1; j < n - 1; j++) {
		if (values[j]! > values[peak]!) peak = j;
		// A fall is judged where it ends (a queue drains over several profiles).
		if (peak === j || values[j + 1]! < values[j]! || !clear(peak, j, values[peak]! - values[j]!)) continue;
		const rise = values[peak]! - level;
		const trough = lowestIndex(values, from, peak);
		const landed = clear(from, peak, rise) && values[j]! - level <= 0.25 * rise;
		if (landed && j - trough >= 3) {
			teeth.push({trough, fall: j});
			longestRise = Math.max(longestRise, times[peak]! - times[trough]!);
		} else if (landed && peak === 0) {
			// The window opened at the top of a rise and fell at once (a queue drained as a 30 s check began,
			// then refilled all window: "leaking"): a cycle when the series climbs back most of the way, over
			// three intervals or more, and ends there (a sampled site's lone spikes do not). Its rise went
			// unseen; it is taken to have lasted as long as the climb back took.
			const climbed = (i: number) => values[i]! - values[j]! >= 0.75 * (values[0]! - values[j]!);
			const back = climbed(n - 1) ? values.findIndex((_, i) => i > j && climbed(i)) : -1;
			if (back - j >= 3) {
				teeth.push({trough: -1, fall: j});
				longestRise = Math.max(longestRise, times[back]! - times[j]!);
			}
		}
		from = j;
		peak = j;
		level = values[j]!;
	}
	if (teeth.length === 0) return undefined;
	// The current cycle's lowest point so far is its trough once the series has risen from it; the
	// last point may be a fall still under way.
	const current = lowestIndex(values, from, n - 1);
	const troughs = [...teeth.map((tooth) => tooth.trough).filter((trough) => trough >= 0), ...(current < n - 1 ? [current] : [])];
	// A first trough at the window's first point, above the next one, is a cycle seen from halfway up
	// its rise (it began before the window): as a trough it would read a falling floor.
	if (troughs[0] === 0 && troughs.length > 1 && values[0]! > values[troughs[1]!]!) troughs.shift();
	return {teeth, longestRise, troughs};
}

/**
 * A series that falls back: its current rise is no leak until it has lasted
 * longer than twice any rise that fell back (then the series is judged with
 * the rises it gave back left out: a clearing that stopped, or a leak under
 * a few transient climbs); until then, what it keeps is its floor, the
 * lowest point of each cycle, judged by the same test once there are
 * MIN_POINTS cycles. With fewer, a floor that rose by more than what
 * matters and more than one typical rise between two points (how far a
 * trough moves with where in its cycle the profile fell) is too few
 * samples; otherwise it churns.
 */
function judgeSawtooth(input: JudgeInput, n: number, cycles: Sawtooth): Pick<Judgement, 'verdict' | 'reason'> & Partial<Judgement> {
	const {times, values} = input;
	const count = cycles.teeth.length;
	const falls = count === 1 ? 'once' : `${count} times`;
	if (times[n - 1]! - times[cycles.teeth.at(-1)!.fall]! > 2 * cycles.longestRise) {
		const outside: number[] = [];
		for (let i = 0; i < n; i++) if (!cycles.teeth.some(({trough, fall}) => i > trough && i < fall)) outside.push(i);
		const rest = judge({...input, times: outside.map((i) => times[i]!), values: outside.map((i) => values[i]!), noise: (i, j) => input.noise(outside[i]!, outside[j]!)});
		return {...rest, points: n, spanMs: times[n - 1]! - times[0]!, reason: `leaving out the ${count === 1 ? 'rise' : `${count} rises`} it gave back: ${rest.reason}`};
	}
	// All it saw of the one cycle is its fall as the window opened: a cycle, or a leak that the window caught
	// at a high point, cannot be told apart until the climb back has lasted twice as long as it took.
	if (count === 1 && cycles.teeth[0]!.trough < 0) {
		return {verdict: 'too few samples', reason: `fell as the window began and has climbed back since: a cycle or a leak, which cannot be told yet: ${input.remedy}`};
	}
	const t = cycles.troughs;
	const floor = judge({...input, times: t.map((i) => times[i]!), values: t.map((i) => values[i]!), noise: (i, j) => input.noise(t[i]!, t[j]!)});
	const {ratePerMinute, rateUncertainty} = floor;
	const churning = {verdict: 'churning' as const, ratePerMinute, rateUncertainty, reason: `rises and falls back to where it started (${falls} in the window), its lowest point level within its noise`};
	if (t.length >= MIN_POINTS) {
		if (floor.verdict === 'leaking' || floor.verdict === 'too few samples') return {verdict: floor.verdict, ratePerMinute, rateUncertainty, growth: floor.growth, z: floor.z, pRising: floor.pRising, reason: `falls back ${falls}, and its lowest point: ${floor.reason}`};
		return churning;
	}
	const rises: number[] = [];
	for (let i = 1; i < n; i++) if (values[i]! > values[i - 1]!) rises.push(values[i]! - values[i - 1]!);
	const kept = values[t.at(-1)!]! - values[t[0]!]!;
	if (kept >= input.floor && kept > Math.max(GROWTH_SIGMAS * input.noise(t[0]!, t.at(-1)!), median(rises.sort((a, b) => a - b)))) {
		return {verdict: 'too few samples', ratePerMinute, rateUncertainty, reason: `falls back to where it started (${falls} in the window), but its lowest point rose: whether that keeps rising needs ${MIN_POINTS} cycles: ${input.remedy}`};
	}
	return churning;
}

/**
 * Could the quiet run from `from` to the end be sampling that caught nothing,
 * with the growth going on at its earlier rate? A site that allocates two
 * sampled objects an interval shows no change in 1 interval of 7 (e^−2): the
 * run's own noise is then 0, since nothing was sampled. So compare the run's
 * rise with what the earlier slope would have added, at the noise of what it
 * would have allocated (the earlier noise, scaled to the run's length): a
 * run that stays within GROWTH_SIGMAS of continued growth is no proof that
 * it stopped. For a sparsely sampled site that asks a run of nothing to have
 * missed nine samples or more (e^−9): at 2σ, four (e^−4, about 2%), and a
 * 200 KB/s leak at Go's default rate read "filled" in 1% of simulated 30 s
 * checks. Exact series (noise 0) are unaffected.
 */
function quietBySampling(input: JudgeInput, n: number, from: number, pointNoise: number): boolean {
	const {times, values} = input;
	const earlierMs = times[from]! - times[0]!;
	const runMs = times[n - 1]! - times[from]!;
	if (from < 1 || earlierMs <= 0) return false;
	const expected = segmentSlope(input, 0, from, pointNoise).slope * runMs;
	const sigma = Math.max(input.noise(0, from) * Math.sqrt(runMs / earlierMs), pointNoise * Math.SQRT2);
	return values[n - 1]! - values[from]! > expected - GROWTH_SIGMAS * sigma;
}

/**
 * Bursts: clear rises (above twice their noise and a quarter of the mean step) that the series keeps
 * (a spike that comes back down is not growth) before point `end`; neighbouring rises are one episode
 * (a fill is one). With the growth they carry, the longest quiet between them and the quiet since.
 */
function bursts(input: JudgeInput, n: number, pointNoise: number, step: number, end: number): Bursts {
	const {times, values, noise} = input;
	const episodes: Array<{start: number; end: number}> = [];
	let burstGrowth = 0;
	let lowestAfter = Number.POSITIVE_INFINITY;
	for (let i = n - 2; i >= 0; i--) {
		lowestAfter = Math.min(lowestAfter, values[i + 1]!);
		const delta = values[i + 1]! - values[i]!;
		const clear = delta > Math.max(2 * noise(i, i + 1), 2 * pointNoise, 0.25 * step) && i + 1 < end && lowestAfter - values[i]! > 0.5 * delta;
		if (!clear) continue;
		burstGrowth += delta;
		const next = episodes[0];
		if (next && next.start === times[i + 1]) next.start = times[i]!;
		else episodes.unshift({start: times[i]!, end: times[i + 1]!});
	}
	let longestGap = 0;
	for (let i = 1; i < episodes.length; i++) longestGap = Math.max(longestGap, episodes[i]!.start - episodes[i - 1]!.end);
	const quietSince = episodes.length > 0 ? times[n - 1]! - episodes.at(-1)!.end : 0;
	return {episodes: episodes.length, burstGrowth, longestGap, quietSince};
}

interface Bursts {
	readonly episodes: number;
	readonly burstGrowth: number;
	/** The longest quiet between two episodes. */
	readonly longestGap: number;
	readonly quietSince: number;
}

/**
 * After bursts, a quiet spell no longer than twice the gaps between them is the next gap, not the end
 * (a map that keeps growing doubles its tables in waves, each gap twice the last): no "filled" yet.
 */
function nextGap({episodes, longestGap, quietSince}: Bursts): boolean {
	return episodes >= 2 && quietSince <= 2 * longestGap;
}

/**
 * Does the last third (points m..n−1) rise by one step alone? Then "still rising" rests on one event: a
 * buffer that grew to a new largest message, measured exactly, rises by an infinite number of σ once.
 * One step carrying three quarters of the third's rise, without which the third does not rise.
 */
function oneStep(input: JudgeInput, m: number, n: number, pointNoise: number, needed: number): boolean {
	const {values} = input;
	let at = m;
	for (let i = m + 1; i < n - 1; i++) if (values[i + 1]! - values[i]! > values[at + 1]! - values[at]!) at = i;
	// What the series kept of that step: a spike that came back down is no step.
	let step = values[at + 1]! - values[at]!;
	for (let i = at + 2; i < n; i++) step = Math.min(step, values[i]! - values[at]!);
	if (!(step > 0.75 * (values[n - 1]! - values[m]!))) return false;
	const without = values.map((value, i) => (i > at ? value - step : value));
	return segmentSlope({...input, values: without}, m, n - 1, pointNoise).z < needed;
}

/** The Theil–Sen slope of points from..to (inclusive), with σ of it and the slope in units of σ. */
function segmentSlope(input: JudgeInput, from: number, to: number, pointNoise: number): {slope: number; sigma: number; z: number} {
	const times = input.times.slice(from, to + 1);
	const values = input.values.slice(from, to + 1);
	const span = times.at(-1)! - times[0]!;
	if (times.length < 2 || span <= 0) return {slope: 0, sigma: Number.POSITIVE_INFINITY, z: 0};
	const {slope} = senSlope(times, values, times.length);
	// Sampled measurements drift like a random walk between profiles: the noise between the ends bounds the slope's.
	const sigma = Math.max((1.25 * pointNoise) / Math.sqrt(sumOfSquares(times, times.length)), input.noise(from, to) / span);
	const z = sigma > 0 ? slope / sigma : slope > 0 ? Number.POSITIVE_INFINITY : 0;
	return {slope, sigma, z};
}

function formatSamples(samples: number): string {
	if (samples < 1) return 'less than one sample';
	return `about ${samples < 10 ? samples.toFixed(1) : String(Math.round(samples))} samples`;
}

/** The more alarming of two judgements of one thing (a site's bytes and its objects). */
export function worse(a: Judgement, b: Judgement): Judgement {
	return VERDICT_ORDER.indexOf(b.verdict) < VERDICT_ORDER.indexOf(a.verdict) ? b : a;
}

/** A site's allocation counters in one heap profile. */
export interface HeapPoint {
	readonly allocObjects: number;
	readonly allocSpace: number;
	readonly inuseObjects: number;
	readonly inuseSpace: number;
}

/**
 * A heap site's sampling noise (Go samples one allocation per `period` bytes on
 * average, and scales each sampled object of size s by 1/(1−e^(−s/period))).
 * Between two profiles, with A bytes and N objects allocated at the site and F
 * bytes of it freed, the sampled estimate of the change in use has variance
 * period·f(x)·(A+F) in bytes and g(x)·(N+F/s) in objects, x = s/period for the
 * mean object size s, f(x) = x·e^(−x)/(1−e^(−x)) (1 for small objects, 0 when
 * every allocation is sampled), g(x) = e^(−x)/(1−e^(−x)). For objects the mean
 * size misleads when a site allocates several sizes (small objects dominate the
 * count's noise): the site's own average of g over its sizes is used when the
 * profile gave it (`objectNoise`).
 */
export function heapNoise(period: number, from: HeapPoint, to: HeapPoint, objectNoise?: number): {bytes: number; objects: number; samples: number} {
	const allocated = Math.max(0, to.allocSpace - from.allocSpace);
	const objects = Math.max(0, to.allocObjects - from.allocObjects);
	if (!(period > 0)) return {bytes: 0, objects: 0, samples: Number.POSITIVE_INFINITY};
	// Nothing sampled: what it allocated, up to about a period, went unseen (no sample, not "exact").
	if (allocated === 0 && objects === 0) return {bytes: 0, objects: 0, samples: 0};
	const size = objects > 0 ? allocated / objects : period;
	const x = size / period;
	const kept = Math.exp(-x);
	const sampled = 1 - kept;
	const f = x < 1e-9 ? 1 : (x * kept) / sampled;
	// Per object, from the sizes the site really allocates when the profile told them (HeapSite.objectNoise).
	const g = objectNoise ?? countVariance(size, period);
	const freed = Math.max(0, allocated - (to.inuseSpace - from.inuseSpace));
	const freedObjects = Math.max(0, objects - (to.inuseObjects - from.inuseObjects));
	return {
		bytes: Math.sqrt(period * f * (allocated + freed)),
		objects: Math.sqrt(Math.max(0, g) * (objects + freedObjects)),
		samples: (objects + freedObjects) * sampled,
	};
}
