/**
 * @module One tracked thing's values at each profile since the baseline, in
 * fixed memory however long the run: when the series is full, every other
 * point is dropped and from then on only every second profile adds one (then
 * every fourth…). The newest point is always the latest profile, so the end
 * of the window is always now, and the whole run since the baseline stays
 * covered at a coarser spacing.
 */
export const SERIES_POINTS = 64;

export class ProfileSeries {
	readonly times: number[] = [];
	/** `width` values per point, back to back. */
	readonly values: number[] = [];
	private stride = 1;
	private sinceAppend = 0;

	constructor(readonly width: number) {}

	get length(): number {
		return this.times.length;
	}

	push(time: number, values: ArrayLike<number>): void {
		const n = this.times.length;
		// Between stride points, the newest point moves forward instead of adding one.
		if (n > 1 && this.sinceAppend < this.stride) {
			this.sinceAppend++;
			this.times[n - 1] = time;
			for (let v = 0; v < this.width; v++) this.values[(n - 1) * this.width + v] = values[v] ?? 0;
			return;
		}
		this.sinceAppend = 1;
		this.times.push(time);
		for (let v = 0; v < this.width; v++) this.values.push(values[v] ?? 0);
		if (this.times.length >= SERIES_POINTS) this.thin();
	}

	/** Keeps every other point, counting back from the newest. */
	private thin(): void {
		const keep: number[] = [];
		for (let i = this.times.length - 1; i >= 0; i -= 2) keep.unshift(i);
		const times = keep.map((i) => this.times[i]!);
		const values = keep.flatMap((i) => this.values.slice(i * this.width, (i + 1) * this.width));
		this.times.splice(0, this.times.length, ...times);
		this.values.splice(0, this.values.length, ...values);
		this.stride *= 2;
	}

	/** Value v of every point, oldest first. */
	column(v: number): number[] {
		const result: number[] = [];
		for (let i = 0; i < this.times.length; i++) result.push(this.values[i * this.width + v]!);
		return result;
	}

	/** Points at or before `time` (scrubbing). */
	countUntil(time: number): number {
		let n = 0;
		while (n < this.times.length && this.times[n]! <= time) n++;
		return n;
	}
}
