import {decodeLeafTotals, decodeProfile, type DecodeOptions, type LeafTotals, type Profile} from './profile.js';

export type ProfileKind = 'heap' | 'goroutine' | 'goroutineleak';

/**
 * How each kind of profile is decoded for the model. Heap profiles as per-leaf
 * totals: all the ranking needs, and the cheap decode (a site's stacks are
 * decoded from the raw bytes when someone drills in). Goroutine profiles
 * whole, since a group is a whole stack.
 */
export interface DecodedProfiles {
	heap: LeafTotals;
	goroutine: Profile;
	goroutineleak: Profile;
}

export async function decodeAs<K extends ProfileKind>(kind: K, raw: Uint8Array, options: DecodeOptions): Promise<DecodedProfiles[K]> {
	return (kind === 'heap' ? decodeLeafTotals(raw, options) : decodeProfile(raw, options)) as Promise<DecodedProfiles[K]>;
}
