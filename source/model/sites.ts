import type {Frame, Profile} from '../decode/profile.js';
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
 * differ only by object size or caller are summed. One pass, no per-sample
 * allocation: this runs on every heap profile. The stacks under a site are
 * worked out only when someone drills in (site-stacks.ts).
 */
export function heapSites(profile: Profile): Map<string, SnapshotEntry<SiteInfo>> {
	const k = profile.sampleTypes.length;
	const sites = new Map<string, SnapshotEntry<SiteInfo>>();
	const siteOfFrame = new Array<SnapshotEntry<SiteInfo> | undefined>(profile.frames.length);
	let noStack: SnapshotEntry<SiteInfo> | undefined;
	for (let i = 0; i < profile.sampleCount; i++) {
		const start = profile.stackStart[i]!;
		let site: SnapshotEntry<SiteInfo>;
		if (start === profile.stackStart[i + 1]) {
			noStack ??= siteEntry(NO_STACK, k, sites);
			site = noStack;
		} else {
			const leaf = profile.stackFrames[start]!;
			site = siteOfFrame[leaf] ??= siteEntry(profile.frames[leaf]!, k, sites);
		}
		addValues(site.values, profile.values, i * k, k);
	}
	return sites;
}

/** The key of the site a frame is the leaf of: stable across profiles of one process. */
export const siteKey = frameKey;

function siteEntry(frame: Frame, k: number, sites: Map<string, SnapshotEntry<SiteInfo>>): SnapshotEntry<SiteInfo> {
	const key = siteKey(frame);
	let entry = sites.get(key);
	if (!entry) {
		entry = {key, info: {frame}, values: new Float64Array(k)};
		sites.set(key, entry);
	}
	return entry;
}

function addValues(into: Float64Array, from: Float64Array, offset: number, k: number): void {
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
