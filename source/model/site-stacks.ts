import {gunzipSync} from 'node:zlib';
import {decodeProfileProto, type Frame, type Profile} from '../decode/profile.js';
import {isGzip} from '../decode/gzip.js';
import {frameKey} from './frame-ids.js';
import {siteKey} from './sites.js';

/**
 * The stacks that feed one allocation site, with their growth since the
 * baseline: worked out from the latest and the baseline profile when someone
 * drills in, instead of tracking every stack on every poll (a 65k-stack profile
 * would cost far more than decoding it).
 */
export interface RankedStack {
	/** Leaf first. */
	readonly frames: readonly Frame[];
	readonly current: number;
	readonly baseline: number;
	readonly growth: number;
}

export function siteStacks(latest: Profile, baseline: Profile | undefined, key: string, valueIndex: number): RankedStack[] {
	const stacks = new Map<string, {frames: Frame[]; current: number; baseline: number}>();
	const collect = (profile: Profile, into: 'current' | 'baseline') => {
		const k = profile.sampleTypes.length;
		// Which frames are this site's leaf, found once per profile.
		const isSite = profile.frames.map((frame) => siteKey(frame) === key);
		for (let i = 0; i < profile.sampleCount; i++) {
			const start = profile.stackStart[i]!;
			const end = profile.stackStart[i + 1]!;
			if (start === end || !isSite[profile.stackFrames[start]!]) continue;
			const value = profile.values[i * k + valueIndex]!;
			const frames: Frame[] = [];
			for (let j = start; j < end; j++) frames.push(profile.frames[profile.stackFrames[j]!]!);
			const stackKey = frames.map(frameKey).join('\n');
			let stack = stacks.get(stackKey);
			if (!stack) {
				stack = {frames, current: 0, baseline: 0};
				stacks.set(stackKey, stack);
			}
			stack[into] += value;
		}
	};
	collect(latest, 'current');
	if (baseline && sameTypes(baseline, latest)) collect(baseline, 'baseline');
	return [...stacks.values()]
		.filter((stack) => stack.current !== 0 || stack.baseline !== 0)
		.map((stack) => ({...stack, growth: stack.current - stack.baseline}))
		.sort((a, b) => b.growth - a.growth || b.current - a.current);
}

function sameTypes(a: Profile, b: Profile): boolean {
	return a.sampleTypes.length === b.sampleTypes.length && a.sampleTypes.every((vt, i) => vt.type === b.sampleTypes[i]!.type);
}

/** Profiles decoded in full for drill-down, by raw buffer: the latest and the baseline are asked for again and again. */
const decoded = new Map<Uint8Array, Profile>();
const DECODED_KEPT = 4;
/** Drill-down decodes synchronously: cap what a profile may inflate to. */
const MAX_INFLATED = 512 * 2 ** 20;

function fullProfile(raw: Uint8Array): Profile | undefined {
	let profile = decoded.get(raw);
	if (!profile) {
		try {
			const bytes = isGzip(raw) ? gunzipSync(raw, {maxOutputLength: MAX_INFLATED}) : raw;
			profile = decodeProfileProto(bytes, 'heap profile');
		} catch {
			// It decoded before (as totals); if it cannot now, there is simply no breakdown.
			return undefined;
		}
		decoded.set(raw, profile);
		while (decoded.size > DECODED_KEPT) decoded.delete(decoded.keys().next().value!);
	}
	return profile;
}

/** siteStacks from profiles as served (gzipped bytes): what the model keeps of heap profiles. */
export function siteStacksFromRaw(latest: Uint8Array, baseline: Uint8Array | undefined, key: string, valueIndex: number): RankedStack[] {
	const current = fullProfile(latest);
	if (!current) return [];
	return siteStacks(current, baseline ? fullProfile(baseline) : undefined, key, valueIndex);
}
