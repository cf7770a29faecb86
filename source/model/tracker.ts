/**
 * @module Follows tracked things (allocation sites, goroutine groups) across a
 * sequence of profiles: each one's value at the baseline, its latest values,
 * its series since the baseline (profile-series.ts) and its judgement
 * (verdict.ts). The number of things is bounded: past `capacity`, the
 * smallest that are not growing are dropped, and everything not tracked is
 * summed as one "other" row (the profile's total minus what is tracked), so
 * a leak spread over ever-new names still shows as "other" growing.
 */
import {ProfileSeries} from './profile-series.js';
import {NO_JUDGEMENT, VERDICT_ORDER, type Judgement} from './verdict.js';

export interface Entry<Info> {
	readonly key: string;
	readonly info: Info;
	/** One value per sample type. */
	readonly values: readonly number[];
}

export interface Tracked<Info> {
	readonly key: string;
	info: Info;
	readonly series: ProfileSeries;
	/** Values at the baseline (0 when it did not exist then), and what the profile said of it then. */
	baseline: number[];
	baselineInfo: Info | undefined;
	latest: number[];
	judgement: Judgement;
	/** A second judgement (a heap site's object count beside its bytes). */
	secondary: Judgement | undefined;
}

export interface Judged {
	readonly primary: Judgement;
	readonly secondary?: Judgement;
}

export const OTHER_KEY = '(other)';

export class Tracker<Info> {
	readonly items = new Map<string, Tracked<Info>>();
	/** Everything not tracked, as one row (its info is `otherInfo`). */
	readonly other: Tracked<Info>;
	/** Profiles since the baseline. */
	profiles = 0;
	baselineTime: number | undefined;
	latestTime: number | undefined;
	/** Nothing was ever dropped: a thing seen for the first time was absent (0) before. */
	private complete = true;

	constructor(
		readonly width: number,
		readonly capacity: number,
		otherInfo: Info,
		private readonly judgeItem: (item: Tracked<Info>) => Judged,
	) {
		this.other = this.newItem(OTHER_KEY, otherInfo);
	}

	/**
	 * One profile: its entries, and its totals over everything (including what
	 * the decoder left out). `partial`: the decoder kept only the largest.
	 */
	ingest(time: number, entries: ReadonlyArray<Entry<Info>>, totals: readonly number[], partial: boolean): void {
		const previous = this.latestTime;
		this.latestTime = time;
		this.baselineTime ??= time;
		this.profiles++;
		const seen = new Set<string>();
		for (const entry of entries) {
			seen.add(entry.key);
			let item = this.items.get(entry.key);
			if (!item) {
				item = this.newItem(entry.key, entry.info);
				this.items.set(entry.key, item);
				// Seen for the first time after the first profile, with nothing dropped so far: it was 0 before.
				// Otherwise its past is unknown, and its growth starts now.
				if (previous !== undefined && this.complete) item.series.push(previous, item.latest);
				else {
					item.baseline = [...entry.values.slice(0, this.width)];
					item.baselineInfo = entry.info;
				}
			}
			item.info = entry.info;
			this.update(item, time, entry.values);
		}
		for (const item of this.items.values()) if (!seen.has(item.key)) this.update(item, time, []);
		if (partial) this.complete = false;
		this.evict();
		const rest = totals.slice(0, this.width);
		for (const item of this.items.values()) for (let v = 0; v < this.width; v++) rest[v] = (rest[v] ?? 0) - item.latest[v]!;
		if (previous === undefined) this.other.baseline = [...rest];
		this.update(this.other, time, rest);
	}

	/** Growth counts from the latest profile from now on. */
	markBaseline(): void {
		if (this.latestTime === undefined) return;
		this.baselineTime = this.latestTime;
		this.profiles = 1;
		for (const item of [...this.items.values(), this.other]) {
			item.baseline = [...item.latest];
			item.baselineInfo = item.info;
			const series = new ProfileSeries(this.width);
			series.push(this.latestTime, item.latest);
			(item as {series: ProfileSeries}).series = series;
			this.rejudge(item);
		}
	}

	private newItem(key: string, info: Info): Tracked<Info> {
		const zero = new Array<number>(this.width).fill(0);
		return {key, info, series: new ProfileSeries(this.width), baseline: [...zero], baselineInfo: undefined, latest: [...zero], judgement: NO_JUDGEMENT, secondary: undefined};
	}

	private update(item: Tracked<Info>, time: number, values: readonly number[]): void {
		let changed = false;
		for (let v = 0; v < this.width; v++) {
			const value = values[v] ?? 0;
			if (item.latest[v] !== value) changed = true;
			item.latest[v] = value;
		}
		item.series.push(time, item.latest);
		// Unchanged since its last judgement and judged already: the judgement only ages.
		if (changed || item.series.length <= 4 || this.profiles % 4 === 0) this.rejudge(item);
	}

	private rejudge(item: Tracked<Info>): void {
		const judged = this.judgeItem(item);
		item.judgement = judged.primary;
		item.secondary = judged.secondary;
	}

	/**
	 * Past capacity: drop what matters least — gone (nothing in use), then the
	 * smallest of what is not growing; what leaks or filled goes last.
	 */
	private evict(): void {
		if (this.items.size <= this.capacity) return;
		this.complete = false;
		const rank = (item: Tracked<Info>) => (size(item) === 0 ? 0 : item.judgement.verdict === 'leaking' || item.judgement.verdict === 'filled' ? 2 : 1);
		const order = [...this.items.values()].sort((a, b) => rank(a) - rank(b) || size(a) - size(b));
		for (const item of order.slice(0, this.items.size - this.capacity)) this.items.delete(item.key);
	}
}

function size(item: Tracked<unknown>): number {
	let max = 0;
	for (const value of item.latest) max = Math.max(max, Math.abs(value));
	return max;
}

/** Ranking order: the most alarming verdict first, then the surest growth, then the biggest. */
export function compareTracked(a: Tracked<unknown>, b: Tracked<unknown>, valueIndex: number): number {
	const verdict = VERDICT_ORDER.indexOf(a.judgement.verdict) - VERDICT_ORDER.indexOf(b.judgement.verdict);
	if (verdict !== 0) return verdict;
	if (a.judgement.verdict === 'leaking') {
		const sure = surestRate(b.judgement) - surestRate(a.judgement);
		if (sure !== 0) return sure;
	}
	// The sampling cannot tell yet: what it hints at most first.
	if (a.judgement.verdict === 'too few samples' && b.judgement.z !== a.judgement.z) return (Number.isFinite(b.judgement.z) ? b.judgement.z : 0) - (Number.isFinite(a.judgement.z) ? a.judgement.z : 0);
	return Math.abs(b.latest[valueIndex]!) - Math.abs(a.latest[valueIndex]!) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** The rate's lower bound: growth weighted by how sure we are of it. */
export function surestRate(judgement: Judgement): number {
	const rate = judgement.ratePerMinute;
	if (!Number.isFinite(rate)) return 0;
	return Math.max(0, rate - (Number.isFinite(judgement.rateUncertainty) ? judgement.rateUncertainty : 0));
}
