/**
 * @module A heap site as Go's heap profile shows it, from a model of the
 * sampler: each allocation is sampled with probability 1 − e^(−size/period)
 * and scaled by its inverse, and a profile reports what was in use at the GC
 * before the last one. Seeded, so tests built on it are deterministic; used to
 * count how often a verdict is wrong over many windows of one shape.
 */
import type {HeapPoint} from '../../source/model/verdict.js';

export interface Allocation {
	/** Seconds since the process started. */
	readonly at: number;
	/** When it became garbage; Infinity if kept. */
	freed: number;
	readonly size: number;
}

/** A deterministic pseudo-random sequence (the tests must not flake). */
export function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

/** Arrival times of a Poisson process at `rate` a second over [from, to). */
export function arrivals(next: () => number, rate: number, from: number, to: number): number[] {
	const times: number[] = [];
	for (let t = from - Math.log(1 - next()) / rate; t < to; t -= Math.log(1 - next()) / rate) times.push(t);
	return times;
}

/**
 * Profiles of one site, one about every 2 s for `window` seconds from
 * `start`, with GCs every `gcEvery` seconds: [ms, HeapPoint] as the judge
 * takes them.
 */
export function sampledSeries(next: () => number, allocations: readonly Allocation[], period: number, start: number, window: number, gcEvery: number): {times: number[]; points: HeapPoint[]} {
	const sampled = allocations.filter((allocation) => next() < 1 - Math.exp(-allocation.size / period));
	const times: number[] = [];
	const points: HeapPoint[] = [];
	for (let at = start; at <= start + window; at += 1.8 + next() * 0.4) {
		const gc = Math.floor(at / gcEvery) * gcEvery - gcEvery;
		const point = {allocObjects: 0, allocSpace: 0, inuseObjects: 0, inuseSpace: 0};
		for (const {at: allocated, freed, size} of sampled) {
			if (allocated > gc) continue;
			const weight = 1 / (1 - Math.exp(-size / period));
			point.allocObjects += weight;
			point.allocSpace += weight * size;
			if (freed > gc) {
				point.inuseObjects += weight;
				point.inuseSpace += weight * size;
			}
		}
		times.push(at * 1000);
		points.push(point);
	}
	return {times, points};
}
