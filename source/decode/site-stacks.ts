/**
 * @module The stacks that feed one allocation site, with how each moved
 * between two profiles (the baseline and the latest): what the drill-down and
 * report.md show. Worked out when asked for, from the profiles as served:
 * tracking every stack of every poll would cost far more than decoding twice.
 */
import type {Frame} from './go-names.js';
import {siteFinder} from './heap-sites.js';
import {readProfile, type DecodeOptions, type ValueType} from './profile.js';

export interface SiteStack {
	/** Leaf first, at most STACK_FRAMES. */
	readonly frames: readonly Frame[];
	readonly depth: number;
	/** Per sample type, in the latest profile and in the baseline (0 when absent). */
	readonly current: readonly number[];
	readonly baseline: readonly number[];
}

export interface SiteStacks {
	readonly sampleTypes: readonly ValueType[];
	/** Most growth (of the ranking value) first, at most MAX_STACKS. */
	readonly stacks: readonly SiteStack[];
	/** Stacks beyond MAX_STACKS. */
	readonly more: number;
}

const MAX_STACKS = 24;
/** Go 1.23+ records up to 128 frames a stack: show them all. */
const STACK_FRAMES = 128;

export async function siteStacks(latest: Uint8Array, baseline: Uint8Array | undefined, key: string, valueType: string, options: DecodeOptions): Promise<SiteStacks> {
	const stacks = new Map<string, {frames: Frame[]; current: number[]; baseline: number[]}>();
	let sampleTypes: readonly ValueType[] = [];
	const collect = (bytes: Uint8Array, into: 'current' | 'baseline') =>
		readProfile(bytes, options, (profile, samples) => {
			const k = profile.header.sampleTypes.length;
			if (into === 'current') sampleTypes = profile.header.sampleTypes;
			else if (!sameTypes(sampleTypes, profile.header.sampleTypes)) return;
			const siteOf = siteFinder(profile);
			const byLocations = new Map<string, number[]>();
			const locationsOf = new Map<string, number[]>();
			samples((locations, depth, values) => {
				if (depth === 0 || siteOf(locations, depth).key !== key) return;
				const id = locations.subarray(0, depth).join(',');
				let sums = byLocations.get(id);
				if (!sums) {
					byLocations.set(id, (sums = new Array<number>(k).fill(0)));
					locationsOf.set(id, Array.from(locations.subarray(0, depth)));
				}
				for (let v = 0; v < k; v++) sums[v]! += values[v]!;
			});
			for (const [id, sums] of byLocations) {
				const frames = locationsOf.get(id)!.flatMap((location) => profile.framesOf(location));
				const stackId = frames.map((f) => `${f.function}\u0000${f.file}\u0000${f.line}`).join('\n');
				let stack = stacks.get(stackId);
				if (!stack) stacks.set(stackId, (stack = {frames, current: new Array<number>(k).fill(0), baseline: new Array<number>(k).fill(0)}));
				for (let v = 0; v < k; v++) stack[into][v]! += sums[v]!;
			}
		});
	await collect(latest, 'current');
	if (baseline) await collect(baseline, 'baseline');
	const index = Math.max(0, sampleTypes.findIndex((vt) => vt.type === valueType));
	const growth = (s: {current: number[]; baseline: number[]}) => s.current[index]! - s.baseline[index]!;
	const ranked = [...stacks.values()]
		.filter((s) => s.current.some((v) => v !== 0) || s.baseline.some((v) => v !== 0))
		.sort((a, b) => growth(b) - growth(a) || b.current[index]! - a.current[index]!);
	return {
		sampleTypes,
		more: Math.max(0, ranked.length - MAX_STACKS),
		stacks: ranked.slice(0, MAX_STACKS).map((s) => ({frames: s.frames.slice(0, STACK_FRAMES), depth: s.frames.length, current: s.current, baseline: s.baseline})),
	};
}

function sameTypes(a: readonly ValueType[], b: readonly ValueType[]): boolean {
	return a.length === b.length && a.every((vt, i) => vt.type === b[i]!.type);
}
