import type {DecodeOptions} from '../decode/profile.js';
import {decodeAs} from '../decode/profile-kinds.js';
import type {ModelEvent} from '../model/state.js';

/** Bytes of a heap or goroutine profile (from a target, a snapshot, a fixture) → the model's event. */
export async function profileEvent(kind: 'heap' | 'goroutine', time: number, raw: Uint8Array, options: DecodeOptions): Promise<ModelEvent> {
	return kind === 'heap'
		? {type: 'heap', time, raw, profile: await decodeAs('heap', raw, options)}
		: {type: 'goroutine', time, raw, profile: await decodeAs('goroutine', raw, options)};
}
