import {decodeLeafTotals, decodeProfile, type DecodeOptions, type LeafTotals, type Profile} from '../decode/profile.js';
import type {ModelEvent} from '../model/state.js';

export type ProfileKind = 'heap' | 'goroutine' | 'goroutineleak';

/**
 * How the model takes each kind of profile. Heap profiles as per-leaf totals:
 * all the ranking needs, and the cheap decode (a site's stacks are decoded
 * from the raw bytes when someone drills in). Goroutine profiles whole, since
 * a group is a whole stack.
 */
export interface DecodedProfiles {
	heap: LeafTotals;
	goroutine: Profile;
	goroutineleak: Profile;
}

export async function decodeAs<K extends ProfileKind>(kind: K, raw: Uint8Array, options: DecodeOptions): Promise<DecodedProfiles[K]> {
	return (kind === 'heap' ? decodeLeafTotals(raw, options) : decodeProfile(raw, options)) as Promise<DecodedProfiles[K]>;
}

/** Bytes of a profile → the model's event. */
export async function profileEvent(kind: 'heap' | 'goroutine', time: number, raw: Uint8Array, options: DecodeOptions): Promise<ModelEvent> {
	return kind === 'heap'
		? {type: 'heap', time, raw, profile: await decodeAs('heap', raw, options)}
		: {type: 'goroutine', time, raw, profile: await decodeAs('goroutine', raw, options)};
}
