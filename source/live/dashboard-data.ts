import type {Frame, ProfileSummary, ValueType} from '../decode/profile.js';
import {companionIndex, rankTracked, sortRanked, SORT_ORDERS, type Ranked} from '../model/ranking.js';
import {siteStacksFromRaw, type RankedStack} from '../model/site-stacks.js';
import type {GoroutineGroupInfo, SiteInfo} from '../model/sites.js';
import {SERIES_NAMES, type ProfileTrack, type SeriesName, type State} from '../model/state.js';
import type {Tracker} from '../model/tracker.js';
import {GOROUTINE_RULE, HEAP_RULE} from '../model/trend.js';

/**
 * What the dashboard shows, read from the model. Live, it reads the model on
 * demand; paused, it is a frozen copy, so the view stays exactly as it was
 * while polling and history carry on underneath.
 */
export type PaneKind = 'heap' | 'goroutines';

export interface Row extends Ranked<unknown> {
	/** The site's innermost frame, or the group's first non-runtime frame. */
	readonly frame: Frame;
	/** Goroutine groups: the function they were started with, when it is another one. */
	readonly entry?: Frame;
}

/** The newest `count` points of a series; read on demand, so a refresh copies only what it plots. */
export interface Series {
	/** Points ever recorded (a position that does not move when old points fall off the rings). */
	readonly total: number;
	times(count: number): readonly number[];
	points(name: SeriesName, count: number): readonly number[];
	custom(name: string, count: number): readonly number[];
	readonly customNames: readonly string[];
	readonly restarts: readonly number[];
}

export interface PaneData {
	readonly kind: PaneKind;
	readonly sampleTypes: readonly ValueType[];
	readonly defaultIndex: number;
	readonly baselineTime: number;
	readonly latestTime: number;
	/** Profiles since the baseline (how much the trend has to go on). */
	readonly profiles: number;
	/** Every tracked thing, ranked by steady growth of the given value. */
	rows(valueIndex: number): readonly Row[];
	/** One thing's value over the window; undefined when not kept (frozen, far down the list). */
	history(key: string, valueIndex: number): {times: readonly number[]; values: readonly number[]} | undefined;
	/** Heap: the stacks feeding a site. Goroutines: the group's one stack. */
	stacks(key: string, valueIndex: number): readonly RankedStack[] | undefined;
	/** The top of the ranking as it was at the last profile at or before `time` (scrubbing). */
	rankingAt(time: number): RankingRows | undefined;
}

export interface RankingRows {
	readonly time: number;
	readonly valueIndex: number;
	readonly rows: readonly Row[];
}

export interface DashboardData {
	/** Time of the newest point shown (what "behind live" is measured from). */
	readonly time: number | undefined;
	readonly series: Series;
	readonly heap: PaneData | undefined;
	readonly goroutines: PaneData | undefined;
}

export function liveData(state: State): DashboardData {
	const newest = Math.max(state.times.last() ?? 0, state.heap.latest?.time ?? 0, state.goroutines.latest?.time ?? 0);
	return {
		time: newest > 0 ? newest : undefined,
		series: {
			total: state.times.total,
			times: (count) => state.times.toArray(count),
			points: (name, count) => state.series[name].toArray(count),
			custom: (name, count) => state.custom.get(name)?.toArray(count) ?? [],
			customNames: state.customNames,
			restarts: state.restarts.toArray(),
		},
		heap: livePane('heap', state.heap, (info: SiteInfo) => ({frame: info.frame}), HEAP_RULE),
		goroutines: livePane('goroutines', state.goroutines, (info: GoroutineGroupInfo) => ({frame: info.frame, entry: info.entry}), GOROUTINE_RULE),
	};
}

const rowCache = new WeakMap<Tracker<unknown>, {sequence: number; baseline: number; byIndex: Map<number, Row[]>}>();

function livePane<Info>(
	kind: PaneKind,
	track: ProfileTrack<Info, ProfileSummary>,
	framesOf: (info: Info) => {frame: Frame; entry?: Frame},
	rule: typeof HEAP_RULE,
): PaneData | undefined {
	const tracker = track.tracker;
	if (!tracker || !track.latest) return undefined;
	const sampleTypes = track.sampleTypes;
	// Profiles as served never change: stacks read from these stay as they were.
	const latest = track.latest.raw;
	const baseline = track.baseline?.raw;
	return {
		kind,
		sampleTypes,
		defaultIndex: track.latest.profile.defaultSampleIndex,
		baselineTime: tracker.baselineTime,
		latestTime: track.latest.time,
		profiles: tracker.sequence - tracker.baselineSequence + 1,
		rows(valueIndex) {
			let cache = rowCache.get(tracker as Tracker<unknown>);
			if (!cache || cache.sequence !== tracker.sequence || cache.baseline !== tracker.baselineSequence) {
				cache = {sequence: tracker.sequence, baseline: tracker.baselineSequence, byIndex: new Map()};
				rowCache.set(tracker as Tracker<unknown>, cache);
			}
			let rows = cache.byIndex.get(valueIndex);
			if (!rows) {
				const ranked = rankTracked(tracker, {
					valueIndex,
					secondaryIndex: companionIndex(sampleTypes, valueIndex),
					primaryIsCount: sampleTypes[valueIndex]?.unit === 'count',
					order: 'growth',
					rule,
				});
				rows = ranked.map((r) => ({...r, ...framesOf(r.info)}));
				cache.byIndex.set(valueIndex, rows);
			}
			return rows;
		},
		history(key, valueIndex) {
			const item = tracker.items.get(key);
			return item ? tracker.series(item, valueIndex) : undefined;
		},
		rankingAt: rankingsOf(track, framesOf),
		stacks(key, valueIndex) {
			if (kind === 'heap') return siteStacksFromRaw(latest, baseline, key, valueIndex);
			const item = tracker.items.get(key);
			if (!item) return undefined;
			const group = item.info as unknown as GoroutineGroupInfo;
			return [{frames: group.stack, current: item.latest[0]!, baseline: item.baseline[0]!, growth: item.latest[0]! - item.baseline[0]!}];
		},
	};
}

/** The rankings remembered at each profile, as rows: copied now, so the result stays as it is. */
function rankingsOf<Info>(track: ProfileTrack<Info, ProfileSummary>, framesOf: (info: Info) => {frame: Frame; entry?: Frame}): (time: number) => RankingRows | undefined {
	const rankings = track.rankings.toArray();
	return (time) => {
		for (let i = rankings.length - 1; i >= 0; i--) {
			const ranking = rankings[i]!;
			if (ranking.time <= time) return {time: ranking.time, valueIndex: ranking.valueIndex, rows: ranking.rows.map((r) => ({...r, ...framesOf(r.info)}))};
		}
		return undefined;
	};
}

/** How many rows per order and value keep their history and stacks in a frozen copy. */
const FROZEN_DETAIL_ROWS = 200;

/**
 * A copy that no later poll can change. Rankings are kept whole; history only
 * for the rows near the top of each order (and any keys asked for), so
 * freezing a process with thousands of sites stays cheap.
 */
export function freezeData(data: DashboardData, alsoKeep: ReadonlyArray<{kind: PaneKind; key: string}> = []): DashboardData {
	return {
		time: data.time,
		series: freezeSeries(data.series),
		heap: data.heap && freezePane(data.heap, alsoKeep.filter((k) => k.kind === 'heap').map((k) => k.key)),
		goroutines: data.goroutines && freezePane(data.goroutines, alsoKeep.filter((k) => k.kind === 'goroutines').map((k) => k.key)),
	};
}

/** Everything the rings hold (a few thousand points each), copied once. */
function freezeSeries(series: Series): Series {
	const all = Number.MAX_SAFE_INTEGER;
	const times = series.times(all);
	const points = new Map(SERIES_NAMES.map((name) => [name, series.points(name, all)]));
	const custom = new Map(series.customNames.map((name) => [name, series.custom(name, all)]));
	return {
		total: series.total,
		times: (count) => times.slice(-count),
		points: (name, count) => points.get(name)!.slice(-count),
		custom: (name, count) => custom.get(name)?.slice(-count) ?? [],
		customNames: series.customNames,
		restarts: series.restarts,
	};
}

function freezePane(pane: PaneData, extraKeys: readonly string[]): PaneData {
	const rowsByIndex = new Map<number, readonly Row[]>();
	const histories = new Map<string, {times: readonly number[]; values: readonly number[]}>();
	for (let valueIndex = 0; valueIndex < pane.sampleTypes.length; valueIndex++) {
		const rows = pane.rows(valueIndex);
		rowsByIndex.set(valueIndex, rows);
		const keys = new Set(extraKeys);
		for (const order of SORT_ORDERS) {
			for (const row of sortRanked([...rows], order).slice(0, FROZEN_DETAIL_ROWS)) keys.add(row.key);
		}
		for (const key of keys) {
			const history = pane.history(key, valueIndex);
			if (history) histories.set(`${valueIndex}:${key}`, history);
		}
	}
	return {
		kind: pane.kind,
		sampleTypes: pane.sampleTypes,
		defaultIndex: pane.defaultIndex,
		baselineTime: pane.baselineTime,
		latestTime: pane.latestTime,
		profiles: pane.profiles,
		rows: (valueIndex) => rowsByIndex.get(valueIndex) ?? [],
		history: (key, valueIndex) => histories.get(`${valueIndex}:${key}`),
		// The live pane's stacks and rankings already read from data no poll will change.
		stacks: (key, valueIndex) => pane.stacks(key, valueIndex),
		rankingAt: (time) => pane.rankingAt(time),
	};
}
