/**
 * @module A goroutine profile (or Go 1.26's goroutineleak profile) as groups
 * of goroutines with the same stack, labels merged. A group is keyed by its
 * frames (function, file, line), which stay the same across profiles of one
 * process where location ids do not, and named after the frame a Go engineer
 * looks for: the user's function that waits, not `runtime.gopark` or
 * `sync.runtime_Semacquire`.
 */
import {createHash} from 'node:crypto';
import {entryIndex, groupNameIndex, userFrameIndex, type Frame} from './go-names.js';
import {largest} from './heap-sites.js';
import {readProfile, type DecodeOptions, type ResolvedProfile, type SampleStream} from './profile.js';

export interface GoroutineGroup {
	readonly key: string;
	readonly count: number;
	/** Leaf first, at most MAX_FRAMES frames. */
	readonly stack: readonly Frame[];
	/** Frames in the whole stack (more than `stack` holds when it was cut). */
	readonly depth: number;
	/** What the group is named by (see groupNameIndex). */
	readonly name: Frame;
	/** The first frame of the user's program, when the stack has one. */
	readonly caller?: Frame;
	/** The function the goroutines were started with. */
	readonly entry: Frame;
}

export interface GoroutineSummary {
	readonly total: number;
	readonly groups: readonly GoroutineGroup[];
	/** Goroutines the profile lists without a single frame. */
	readonly withoutStack: number;
	/** Groups left out beyond MAX_GROUPS, summed. */
	readonly omitted: {readonly count: number; readonly goroutines: number};
}

export const MAX_GROUPS = 2000;
/** Go keeps up to 128 frames (1.23+); the drill-down shows this many, and says how many more. */
export const MAX_FRAMES = 64;

export function summarizeGoroutines(bytes: Uint8Array, options: DecodeOptions): Promise<GoroutineSummary> {
	return readProfile(bytes, options, collectGoroutineGroups);
}

export function collectGoroutineGroups(profile: ResolvedProfile, samples: SampleStream): GoroutineSummary {
	const byLocations = new Map<string, {locations: number[]; count: number}>();
	let total = 0;
	let withoutStack = 0;
	samples((locations, depth, values) => {
		const count = values[0] ?? 0;
		total += count;
		if (depth === 0) {
			withoutStack += count;
			return;
		}
		let key = '';
		for (let d = 0; d < depth; d++) key += `${locations[d]},`;
		const group = byLocations.get(key);
		if (group) group.count += count;
		else byLocations.set(key, {locations: Array.from(locations.subarray(0, depth)), count});
	});
	// Location stacks with the same frames (another address, the same code) are one group.
	const groups = new Map<string, {key: string; frames: Frame[]; values: number[]}>();
	for (const {locations, count} of byLocations.values()) {
		const frames = locations.flatMap((location) => profile.framesOf(location));
		const key = stackKey(frames);
		const group = groups.get(key);
		if (group) group.values[0]! += count;
		else groups.set(key, {key, frames, values: [count]});
	}
	const kept = largest([...groups.values()], 1, MAX_GROUPS);
	const keptSet = new Set(kept);
	let omittedGoroutines = 0;
	for (const group of groups.values()) if (!keptSet.has(group)) omittedGoroutines += group.values[0]!;
	return {
		total,
		withoutStack,
		omitted: {count: groups.size - kept.length, goroutines: omittedGoroutines},
		groups: kept.map(({key, frames, values}) => {
			const user = userFrameIndex(frames);
			return {
				key,
				count: values[0]!,
				stack: frames.slice(0, MAX_FRAMES),
				depth: frames.length,
				name: frames[groupNameIndex(frames)]!,
				caller: user >= 0 ? frames[user] : undefined,
				entry: frames[entryIndex(frames)]!,
			};
		}),
	};
}

/** A short, stable key for a stack: the same frames give the same key in every profile of a process. */
export function stackKey(frames: readonly Frame[]): string {
	const hash = createHash('sha1');
	for (const frame of frames) hash.update(`${frame.function}\u0000${frame.file}\u0000${frame.line}\n`);
	return `g:${hash.digest('base64url').slice(0, 20)}`;
}
