import type {ValueType} from '../decode/profile.js';
import type {Tracker} from './tracker.js';
import {isSteadyGrowth, type SteadyRule, type Trend} from './trend.js';

/** How the drill-down list is ordered: steady growth first, biggest now, or object-count growth. */
export type SortOrder = 'growth' | 'inuse' | 'objects';
export const SORT_ORDERS: readonly SortOrder[] = ['growth', 'inuse', 'objects'];

export interface Ranked<Info> {
	readonly key: string;
	readonly info: Info;
	readonly current: number;
	readonly baseline: number;
	readonly growth: number;
	/** The companion value (objects for a space type, space for an objects type); NaN when none. */
	readonly secondaryCurrent: number;
	readonly secondaryGrowth: number;
	/** Growth in object count, whichever of the two values counts objects (the 'objects' order). */
	readonly objectsGrowth: number;
	readonly trend: Trend;
	/** Grew steadily through the window (the judgement `check` acts on). */
	readonly steady: boolean;
}

export interface RankOptions<Info> {
	readonly valueIndex: number;
	readonly secondaryIndex?: number;
	/** The primary value counts things (objects, goroutines) rather than bytes. */
	readonly primaryIsCount?: boolean;
	readonly order: SortOrder;
	readonly rule: SteadyRule;
	readonly filter?: (info: Info) => boolean;
}

export function rankTracked<Info>(tracker: Tracker<Info>, options: RankOptions<Info>): Array<Ranked<Info>> {
	const {valueIndex, secondaryIndex, filter} = options;
	const result: Array<Ranked<Info>> = [];
	for (const item of tracker.items.values()) {
		if (filter && !filter(item.info)) continue;
		const trend = tracker.trend(item, valueIndex);
		const current = item.latest[valueIndex]!;
		const baseline = item.baseline[valueIndex]!;
		const secondaryGrowth = secondaryIndex === undefined ? Number.NaN : item.latest[secondaryIndex]! - item.baseline[secondaryIndex]!;
		result.push({
			key: item.key,
			info: item.info,
			current,
			baseline,
			growth: current - baseline,
			secondaryCurrent: secondaryIndex === undefined ? Number.NaN : item.latest[secondaryIndex]!,
			secondaryGrowth,
			objectsGrowth: options.primaryIsCount || Number.isNaN(secondaryGrowth) ? current - baseline : secondaryGrowth,
			trend,
			steady: isSteadyGrowth(trend, options.rule),
		});
	}
	return sortRanked(result, options.order);
}

/** Sorts in place (and returns) rows already ranked, e.g. a frozen list when the user changes the order. */
export function sortRanked<R extends Ranked<unknown>>(rows: R[], order: SortOrder): R[] {
	return rows.sort(COMPARATORS[order]);
}

// Module-level comparators, not closures made per sort: V8 keeps their optimised code.
type Compare = (a: Ranked<unknown>, b: Ranked<unknown>) => number;
const byCurrent: Compare = (a, b) => b.current - a.current || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const COMPARATORS: Record<SortOrder, Compare> = {
	growth: (a, b) => Number(b.steady) - Number(a.steady) || b.trend.score - a.trend.score || b.growth - a.growth || byCurrent(a, b),
	inuse: byCurrent,
	objects: (a, b) => b.objectsGrowth - a.objectsGrowth || b.growth - a.growth || byCurrent(a, b),
};

/**
 * For a heap profile: inuse_space pairs with inuse_objects, alloc_space with
 * alloc_objects, and the other way round.
 */
export function companionIndex(sampleTypes: readonly ValueType[], index: number): number | undefined {
	const type = sampleTypes[index]?.type ?? '';
	const partner = type.endsWith('_space') ? type.replace(/_space$/, '_objects') : type.endsWith('_objects') ? type.replace(/_objects$/, '_space') : '';
	const found = partner ? sampleTypes.findIndex((vt) => vt.type === partner) : -1;
	return found >= 0 ? found : undefined;
}
