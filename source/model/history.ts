/**
 * @module A series over a whole run in fixed memory: the newest points raw,
 * older ones as min/max/mean buckets at coarser and coarser steps, reaching a
 * week back. Buckets are aligned to absolute time (a 15 s bucket covers
 * [k·15 s, (k+1)·15 s)), so a plot drawn from them only changes in its newest
 * column as time goes by, and a GC sawtooth survives downsampling as the
 * bucket's min and max.
 */

/** Raw points kept, then each coarser level: its bucket width and how many buckets. */
export const LEVELS: ReadonlyArray<{readonly stepMs: number; readonly capacity: number}> = [
	{stepMs: 15_000, capacity: 480}, // 2 hours
	{stepMs: 120_000, capacity: 720}, // 24 hours
	{stepMs: 1_800_000, capacity: 336}, // 7 days
];
export const RAW_CAPACITY = 600;

/** A value, or the min/max/mean of the values in a span of time. */
export interface Point {
	readonly time: number;
	readonly min: number;
	readonly max: number;
	readonly mean: number;
	/** Values summarised (1 for a raw point; 0 for none). */
	readonly count: number;
	/** The span holds a gap (a failed poll, a restart): the line breaks there. */
	readonly gap: boolean;
	/** The newest value in the span (what "the value at this time" reads). */
	readonly last: number;
}

/** A fixed-size ring of records of numbers, oldest first. */
class RecordRing {
	readonly data: Float64Array;
	private start = 0;
	length = 0;

	constructor(
		readonly capacity: number,
		readonly width: number,
	) {
		this.data = new Float64Array(capacity * width);
	}

	/** Offset of the i-th oldest record in data. */
	at(i: number): number {
		return ((this.start + i) % this.capacity) * this.width;
	}

	/** A new record at the end (the oldest dropped when full); returns its offset. */
	append(): number {
		if (this.length < this.capacity) return this.at(this.length++);
		this.start = (this.start + 1) % this.capacity;
		return this.at(this.length - 1);
	}
}

// Bucket record layout: time (bucket start), min, max, sum, count, last.
const T = 0;
const MIN = 1;
const MAX = 2;
const SUM = 3;
const COUNT = 4;
const LAST = 5;

export class History {
	private readonly raw = new RecordRing(RAW_CAPACITY, 2);
	private readonly levels = LEVELS.map((level) => ({...level, ring: new RecordRing(level.capacity, 6)}));
	/** Values ever pushed. */
	count = 0;
	/** When the first value was pushed (buckets start earlier: they are aligned to their step). */
	private startTime: number | undefined;

	/** Appends a value (NaN: a gap, e.g. a failed poll or a restart). Times must not go backwards. */
	push(time: number, value: number): void {
		this.count++;
		this.startTime ??= time;
		const at = this.raw.append();
		this.raw.data[at] = time;
		this.raw.data[at + 1] = value;
		for (const level of this.levels) {
			const start = Math.floor(time / level.stepMs) * level.stepMs;
			const ring = level.ring;
			let offset = ring.length > 0 ? ring.at(ring.length - 1) : -1;
			if (offset < 0 || ring.data[offset + T] !== start) {
				offset = ring.append();
				ring.data.fill(0, offset, offset + 6);
				ring.data[offset + T] = start;
				ring.data[offset + MIN] = Number.POSITIVE_INFINITY;
				ring.data[offset + MAX] = Number.NEGATIVE_INFINITY;
				ring.data[offset + LAST] = Number.NaN;
			}
			if (!Number.isFinite(value)) continue;
			const data = ring.data;
			data[offset + MIN] = Math.min(data[offset + MIN]!, value);
			data[offset + MAX] = Math.max(data[offset + MAX]!, value);
			data[offset + SUM]! += value;
			data[offset + COUNT]! += 1;
			data[offset + LAST] = value;
		}
	}

	/** The oldest time still covered. */
	get firstTime(): number | undefined {
		const oldest = this.levels.at(-1)!.ring;
		const kept = oldest.length > 0 ? oldest.data[oldest.at(0) + T]! : this.raw.length > 0 ? this.raw.data[this.raw.at(0)]! : undefined;
		if (kept === undefined) return undefined;
		return this.startTime === undefined ? kept : Math.max(kept, this.startTime);
	}

	get lastTime(): number | undefined {
		return this.raw.length > 0 ? this.raw.data[this.raw.at(this.raw.length - 1)] : undefined;
	}

	/** The newest finite value at or before `time` (default: the newest), NaN when none. */
	valueAt(time = Number.POSITIVE_INFINITY): number {
		const raw = this.raw;
		for (let i = raw.length - 1; i >= 0; i--) {
			const at = raw.at(i);
			if (raw.data[at]! <= time && Number.isFinite(raw.data[at + 1]!)) return raw.data[at + 1]!;
			if (raw.data[at]! < time - 60_000) break;
		}
		if (raw.length > 0 && time >= raw.data[raw.at(0)]!) return Number.NaN;
		for (const level of this.levels) {
			const ring = level.ring;
			for (let i = ring.length - 1; i >= 0; i--) {
				const at = ring.at(i);
				if (ring.data[at + T]! <= time && ring.data[at + COUNT]! > 0) return ring.data[at + LAST]!;
			}
		}
		return Number.NaN;
	}

	/** Raw points in [from, to], oldest first (what the statistics over a recent window read). */
	rawPoints(from: number, to: number): {times: number[]; values: number[]} {
		const times: number[] = [];
		const values: number[] = [];
		for (let i = 0; i < this.raw.length; i++) {
			const at = this.raw.at(i);
			const time = this.raw.data[at]!;
			if (time >= from && time <= to) {
				times.push(time);
				values.push(this.raw.data[at + 1]!);
			}
		}
		return {times, values};
	}

	/**
	 * `columns` points covering [from, from + columns·step), each the summary of
	 * what fell in its span: raw points where they reach, and before that the
	 * buckets of the finest level that covers `from`. A span with no data is a
	 * gap (count 0). Nothing newer than `until` is taken.
	 */
	columns(from: number, step: number, columns: number, until = Number.POSITIVE_INFINITY): Point[] {
		const acc = Array.from({length: columns}, () => ({min: Infinity, max: -Infinity, sum: 0, count: 0, last: Number.NaN, lastTime: -Infinity, gap: false}));
		const add = (time: number, min: number, max: number, sum: number, count: number, last: number) => {
			const column = Math.floor((time - from) / step);
			// Nothing after `until`: a paused view does not take in what arrives later.
			if (column < 0 || column >= columns || time > until) return;
			if (count === 0) {
				acc[column]!.gap = true;
				return;
			}
			const a = acc[column]!;
			a.min = Math.min(a.min, min);
			a.max = Math.max(a.max, max);
			a.sum += sum;
			a.count += count;
			if (time >= a.lastTime) {
				a.last = last;
				a.lastTime = time;
			}
		};
		const raw = this.raw;
		const rawFrom = raw.length > 0 ? raw.data[raw.at(0)]! : Infinity;
		const level = rawFrom > from ? this.levelFor(from, step) : undefined;
		if (level) {
			const d = level.ring.data;
			for (let i = 0; i < level.ring.length; i++) {
				const at = level.ring.at(i);
				// Buckets only for the time before the raw points, which are finer.
				if (d[at + T]! + level.stepMs <= rawFrom) add(d[at + T]!, d[at + MIN]!, d[at + MAX]!, d[at + SUM]!, d[at + COUNT]!, d[at + LAST]!);
			}
		}
		for (let i = 0; i < raw.length; i++) {
			const at = raw.at(i);
			const value = raw.data[at + 1]!;
			add(raw.data[at]!, value, value, value, Number.isFinite(value) ? 1 : 0, value);
		}
		return acc.map((a, c) =>
			a.count > 0
				? {time: from + c * step, min: a.min, max: a.max, mean: a.sum / a.count, count: a.count, last: a.last, gap: a.gap}
				: {time: from + c * step, min: Number.NaN, max: Number.NaN, mean: Number.NaN, count: 0, last: Number.NaN, gap: a.gap},
		);
	}

	/** The finest level no coarser than a column that reaches back to `from`; else the finest that reaches; else the one reaching furthest. */
	private levelFor(from: number, step: number) {
		const filled = this.levels.filter((level) => level.ring.length > 0);
		return (
			filled.find((level) => level.stepMs <= step && oldest(level.ring) <= from) ?? filled.find((level) => oldest(level.ring) <= from) ?? filled.at(-1)
		);
	}

	/**
	 * When the run began, for files saved without it. A bucket starts on its
	 * step's boundary, up to a whole step (half an hour, a day) before the first
	 * point in it, so: the first raw point when the raw ring never filled; else
	 * the oldest bucket of the finest level that never filled; else the oldest
	 * thing kept.
	 */
	private keptSince(): number | undefined {
		if (this.raw.length > 0 && this.raw.length < RAW_CAPACITY) return this.raw.data[this.raw.at(0)]!;
		const level = this.levels.find((candidate) => candidate.ring.length > 0 && candidate.ring.length < candidate.capacity) ?? this.levels.findLast((candidate) => candidate.ring.length > 0);
		if (level) return level.ring.data[level.ring.at(0) + T]!;
		return this.raw.length > 0 ? this.raw.data[this.raw.at(0)]! : undefined;
	}

	/** Everything kept, for series.json: raw points and each level's buckets. */
	toJSON(): SavedHistory {
		const raw: Array<[number, number | null]> = [];
		for (let i = 0; i < this.raw.length; i++) {
			const at = this.raw.at(i);
			raw.push([this.raw.data[at]!, finiteOrNull(this.raw.data[at + 1]!)]);
		}
		const levels = this.levels.map((level) => {
			const buckets: Array<[number, number, number, number, number, number]> = [];
			for (let i = 0; i < level.ring.length; i++) {
				const at = level.ring.at(i);
				const d = level.ring.data;
				if (d[at + COUNT]! > 0) buckets.push([d[at + T]!, d[at + MIN]!, d[at + MAX]!, d[at + SUM]!, d[at + COUNT]!, d[at + LAST]!]);
			}
			return {stepMs: level.stepMs, buckets};
		});
		return {raw, levels, startTime: this.startTime ?? null};
	}

	/** A history as saved by toJSON, read back; anything that is not a finite number is dropped. */
	static fromJSON(saved: unknown): History {
		const history = new History();
		const data = (saved ?? {}) as Partial<SavedHistory>;
		const levels = Array.isArray(data.levels) ? data.levels : [];
		history.levels.forEach((level, index) => {
			const from = levels[index];
			if (!from || from.stepMs !== level.stepMs || !Array.isArray(from.buckets)) return;
			let previous = -Infinity;
			for (const bucket of from.buckets.slice(-level.capacity)) {
				if (!Array.isArray(bucket) || bucket.length !== 6 || !bucket.every((v) => typeof v === 'number' && Number.isFinite(v))) continue;
				if (bucket[0] <= previous || bucket[4] <= 0) continue;
				previous = bucket[0];
				const at = level.ring.append();
				level.ring.data.set(bucket, at);
			}
		});
		let previous = -Infinity;
		for (const point of (Array.isArray(data.raw) ? data.raw : []).slice(-RAW_CAPACITY)) {
			if (!Array.isArray(point) || typeof point[0] !== 'number' || !Number.isFinite(point[0]) || point[0] < previous) continue;
			previous = point[0];
			const at = history.raw.append();
			history.raw.data[at] = point[0];
			history.raw.data[at + 1] = typeof point[1] === 'number' && Number.isFinite(point[1]) ? point[1] : Number.NaN;
			history.count++;
		}
		const savedStart = typeof data.startTime === 'number' && Number.isFinite(data.startTime) ? data.startTime : undefined;
		history.startTime = savedStart ?? history.keptSince();
		return history;
	}
}

export interface SavedHistory {
	raw: Array<[number, number | null]>;
	/** When the first point was pushed (older files do not have it). */
	startTime?: number | null;
	levels: Array<{stepMs: number; buckets: Array<[number, number, number, number, number, number]>}>;
}

function oldest(ring: RecordRing): number {
	return ring.length > 0 ? ring.data[ring.at(0) + T]! : Infinity;
}

function finiteOrNull(value: number): number | null {
	return Number.isFinite(value) ? value : null;
}
