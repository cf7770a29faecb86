import {NumberRing} from './ring.js';
import type {SnapshotEntry} from './sites.js';
import {FLAT, type Trend, trendOf} from './trend.js';

/**
 * Follows tracked things (allocation sites, goroutine groups) across a
 * sequence of profiles: each one's value at the baseline, its latest value,
 * and a fixed-size history for the trend. Things that have never changed keep
 * no history at all, which is most of a real service's sites.
 */
export interface Tracked<Info> {
	readonly key: string;
	info: Info;
	/** Values at the baseline (0 when the thing did not exist then). */
	baseline: Float64Array;
	latest: Float64Array;
	/** window × k values, row s % window for profile s; null while the values have never changed. */
	history: Float32Array | null;
	/** Sequence number of the profile in which the values last changed. */
	changedAt: number;
}

export interface TrackerOptions {
	/** How many profiles the trend looks back over. */
	window: number;
	/** Number of values per thing (sample types of the profile). */
	valueCount: number;
}

export class Tracker<Info> {
	readonly window: number;
	readonly valueCount: number;
	readonly times: NumberRing;
	readonly items = new Map<string, Tracked<Info>>();
	/** Sequence number of the latest profile; -1 before the first. */
	sequence = -1;
	/** Sequence number of the baseline profile. */
	baselineSequence = 0;
	baselineTime = 0;
	// For trend(): the times since the baseline, as of one profile, and a values buffer.
	private trendTimes: number[] = [];
	private trendTimesSequence = -1;
	private trendTimesBaseline = -1;
	private readonly trendValues: Float64Array;

	constructor(options: TrackerOptions) {
		this.window = options.window;
		this.valueCount = options.valueCount;
		this.times = new NumberRing(options.window);
		this.trendValues = new Float64Array(options.window);
	}

	get profileCount(): number {
		return this.sequence + 1;
	}

	ingest(time: number, snapshot: ReadonlyMap<string, SnapshotEntry<Info>>): void {
		this.sequence++;
		const seq = this.sequence;
		const first = seq === 0;
		if (first) this.baselineTime = time;
		this.times.push(time);
		const k = this.valueCount;
		const row = (seq % this.window) * k;

		for (const entry of snapshot.values()) {
			let item = this.items.get(entry.key);
			if (!item) {
				item = {
					key: entry.key,
					info: entry.info,
					baseline: new Float64Array(k),
					latest: new Float64Array(k),
					history: null,
					changedAt: seq,
				};
				if (first) item.baseline.set(entry.values.subarray(0, k));
				else item.history = new Float32Array(this.window * k); // it was 0 before now
				this.items.set(entry.key, item);
			} else {
				item.info = entry.info;
			}
			this.update(item, entry.values, seq, row);
		}

		for (const item of this.items.values()) {
			if (snapshot.has(item.key)) continue;
			this.update(item, ZERO, seq, row);
			// Gone for a whole window and gone at the baseline: forget it.
			if (isZero(item.baseline) && seq - item.changedAt >= this.window) this.items.delete(item.key);
		}
	}

	private update(item: Tracked<Info>, values: ArrayLike<number>, seq: number, row: number): void {
		const k = this.valueCount;
		let changed = false;
		for (let v = 0; v < k; v++) {
			if (item.latest[v] !== (values[v] ?? 0)) changed = true;
		}
		if (changed && !item.history && seq > 0) {
			// Until now every past profile saw the same latest values.
			item.history = new Float32Array(this.window * k);
			for (let s = Math.max(0, seq - this.window + 1); s < seq; s++) item.history.set(item.latest, (s % this.window) * k);
		}
		for (let v = 0; v < k; v++) item.latest[v] = values[v] ?? 0;
		if (changed) item.changedAt = seq;
		if (item.history) item.history.set(item.latest, row);
	}

	/** Growth counts from the latest profile from now on. */
	markBaseline(): void {
		if (this.sequence < 0) return;
		this.baselineSequence = this.sequence;
		this.baselineTime = this.times.last() ?? 0;
		for (const item of this.items.values()) item.baseline.set(item.latest);
	}

	/** Values of one kind over the window since the baseline, oldest first, with their times. */
	series(item: Tracked<Info>, valueIndex: number): {times: number[]; values: number[]} {
		const times = this.times.toArray(this.pointsSinceBaseline());
		const values = new Array<number>(times.length);
		this.readValues(item, valueIndex, times.length, values);
		return {times, values};
	}

	/**
	 * Every tracked item's trend is taken after each profile: the times are shared
	 * and the values go to a reused buffer, so ranking makes no arrays per item.
	 */
	trend(item: Tracked<Info>, valueIndex: number): Trend {
		if (!item.history) return FLAT;
		if (this.trendTimesSequence !== this.sequence || this.trendTimesBaseline !== this.baselineSequence) {
			this.trendTimes = this.times.toArray(this.pointsSinceBaseline());
			this.trendTimesSequence = this.sequence;
			this.trendTimesBaseline = this.baselineSequence;
		}
		this.readValues(item, valueIndex, this.trendTimes.length, this.trendValues);
		return trendOf(this.trendTimes, this.trendValues);
	}

	/** The last `count` values of one kind, oldest first. */
	private readValues(item: Tracked<Info>, valueIndex: number, count: number, into: number[] | Float64Array): void {
		const k = this.valueCount;
		for (let i = 0; i < count; i++) {
			const seq = this.sequence - count + 1 + i;
			into[i] = item.history ? item.history[(seq % this.window) * k + valueIndex]! : item.latest[valueIndex]!;
		}
	}

	private pointsSinceBaseline(): number {
		return Math.min(this.window, this.sequence - this.baselineSequence + 1, this.times.length);
	}
}

const ZERO: number[] = [];

function isZero(values: Float64Array): boolean {
	for (const value of values) if (value !== 0) return false;
	return true;
}
