import type {Frame} from '../decode/profile.js';

/**
 * Location and function ids change from one profile to the next, so stacks are
 * matched across polls by their frames' (function, file, line). Giving each
 * distinct frame a small number once makes a stack key a short string of
 * numbers instead of a long string of names.
 */
export class FrameIds {
	private readonly ids = new Map<string, number>();
	private readonly framesById: Frame[] = [];

	get size(): number {
		return this.ids.size;
	}

	idOf(frame: Frame): number {
		const key = frameKey(frame);
		let id = this.ids.get(key);
		if (id === undefined) {
			id = this.framesById.length;
			this.ids.set(key, id);
			this.framesById.push(frame);
		}
		return id;
	}

	/** Ids for every frame of a profile, in the profile's own frame order. */
	idsOf(frames: readonly Frame[]): Uint32Array {
		const result = new Uint32Array(frames.length);
		for (let i = 0; i < frames.length; i++) result[i] = this.idOf(frames[i]!);
		return result;
	}

	frame(id: number): Frame {
		return this.framesById[id]!;
	}
}

export function frameKey(frame: Frame): string {
	return `${frame.function}\u0000${frame.file}\u0000${frame.line}`;
}
