import type {Frame, LeafTotals, Profile} from '../decode/profile.js';
import {FrameIds, frameKey} from './frame-ids.js';

/** One profile's values for a tracked thing (an allocation site or a goroutine group). */
export interface SnapshotEntry<Info> {
	readonly key: string;
	readonly info: Info;
	/** One value per sample type of the profile. */
	readonly values: Float64Array;
}

export interface SiteInfo {
	/** The innermost frame: where the allocation happens. */
	readonly frame: Frame;
}

const NO_STACK: Frame = {function: '<no stack>', file: '', line: 0};

/**
 * Heap profile → allocation sites. A site is the innermost frame (function,
 * file, line, after inlining is expanded) of a sample's stack; samples that
 * differ only by object size or caller are summed — which the per-leaf
 * decoder has already done. The stacks under a site are worked out only when
 * someone drills in (site-stacks.ts).
 */
export function heapSites(totals: LeafTotals): Map<string, SnapshotEntry<SiteInfo>> {
	const sites = new Map<string, SnapshotEntry<SiteInfo>>();
	for (const {frame, values} of totals.leaves) {
		const key = siteKey(frame);
		const entry = sites.get(key);
		if (entry) addValues(entry.values, values, 0, values.length);
		else sites.set(key, {key, info: {frame}, values: Float64Array.from(values)});
	}
	return sites;
}

/** The key of the site a frame is the leaf of: stable across profiles of one process. */
export const siteKey = frameKey;

function addValues(into: Float64Array, from: ArrayLike<number>, offset: number, k: number): void {
	for (let v = 0; v < k; v++) into[v]! += from[offset + v]!;
}

export interface GoroutineGroupInfo {
	/** The first frame outside the runtime: what the goroutines are doing, in the program's terms. */
	readonly frame: Frame;
	/** The outermost frame outside the runtime: the function the goroutines were started with. */
	readonly entry: Frame;
	/** Leaf first. */
	readonly stack: readonly Frame[];
}

/** Goroutine profile → groups of goroutines with the same stack (labels merged). */
export function goroutineGroups(profile: Profile, ids: FrameIds): Map<string, SnapshotEntry<GoroutineGroupInfo>> {
	const k = profile.sampleTypes.length;
	const frameIds = ids.idsOf(profile.frames);
	const groups = new Map<string, SnapshotEntry<GoroutineGroupInfo>>();
	for (let i = 0; i < profile.sampleCount; i++) {
		const start = profile.stackStart[i]!;
		const end = profile.stackStart[i + 1]!;
		let key = 'g:';
		for (let j = start; j < end; j++) key += `${frameIds[profile.stackFrames[j]!]},`;
		let group = groups.get(key);
		if (!group) {
			const stack: Frame[] = [];
			for (let j = start; j < end; j++) stack.push(profile.frames[profile.stackFrames[j]!]!);
			group = {key, info: {frame: nameFrame(stack), entry: entryFrame(stack), stack}, values: new Float64Array(k)};
			groups.set(key, group);
		}
		addValues(group.values, profile.values, i * k, k);
	}
	return groups;
}

const isRuntime = (frame: Frame) => frame.function.startsWith('runtime.');

/** First frame whose function is not in package runtime; the leaf when all are. */
export function nameFrame(stack: readonly Frame[]): Frame {
	return stack.find((frame) => !isRuntime(frame)) ?? stack[0] ?? NO_STACK;
}

/** Last frame outside package runtime (runtime.goexit and friends sit below it). */
export function entryFrame(stack: readonly Frame[]): Frame {
	return stack.findLast((frame) => !isRuntime(frame)) ?? stack.at(-1) ?? NO_STACK;
}
