import {formatBytes, formatBytesDelta, formatCount, formatCountDelta, formatDuration} from '../format/units.js';
import type {State} from '../model/state.js';
import {trendOf} from '../model/trend.js';
import {fit, fitLeft, padStart, sparkline} from './text.js';
import type {Size} from './view-model.js';

/**
 * Several targets at once: one row per process, the same numbers the
 * dashboard's plots start from, so the one that leaks stands out. Pure.
 */
export interface TargetRowInput {
	readonly target: string;
	readonly state: State;
	readonly intervalMs: number;
}

export interface TargetListView {
	readonly size: Size;
	readonly title: string;
	readonly columns: string;
	readonly rows: ReadonlyArray<{text: string; selected: boolean; alert: boolean}>;
	readonly status: string;
}

/** Points of the heap series the growth and trend look at. */
const TREND_POINTS = 300;

export function targetStatus(state: State, intervalMs: number, now: number): 'waiting' | 'up' | 'down' | 'restarted' {
	const last = state.lastGoodTime;
	if (last === undefined) return Object.keys(state.failures).length > 0 ? 'down' : 'waiting';
	if (now - last > Math.max(5000, intervalMs * 5)) return 'down';
	const restart = state.restarts.last();
	return restart !== undefined && now - restart < 10 * 60_000 ? 'restarted' : 'up';
}

export function targetListView(targets: readonly TargetRowInput[], selected: number, size: Size, now: number): TargetListView {
	const nameWidth = Math.max(14, Math.min(40, size.columns - 86));
	const columns = `  ${fit('target', nameWidth)} ${fit('status', 9)}${padStart('heap', 10)}${padStart('/min', 11)}  ${fit('trend', 12)}${padStart('goroutines', 11)}${padStart('/min', 8)}  last error`;
	const rows = targets.map((t, i) => {
		const {state} = t;
		const times = state.times.toArray(TREND_POINTS);
		const heap = state.series.heapInuse.toArray(TREND_POINTS);
		const goroutines = state.series.goroutines.toArray(TREND_POINTS);
		const heapTrend = trendOf(...finitePairs(times, heap));
		const goroutineTrend = trendOf(...finitePairs(times, goroutines));
		const lastHeap = heap.findLast(Number.isFinite);
		const lastGoroutines = goroutines.findLast(Number.isFinite);
		const failure = Object.values(state.failures).sort((a, b) => b.time - a.time)[0];
		const text =
			(i === selected ? '› ' : '  ') +
			fitLeft(t.target.replace(/^https?:\/\//, ''), nameWidth) +
			' ' +
			fit(targetStatus(state, t.intervalMs, now), 9) +
			padStart(lastHeap === undefined ? '—' : formatBytes(lastHeap), 10) +
			padStart(heapTrend.intervals > 0 ? formatBytesDelta(heapTrend.slopePerMinute) : '—', 11) +
			'  ' +
			sparkline(heap, 12) +
			padStart(lastGoroutines === undefined ? '—' : formatCount(lastGoroutines), 11) +
			padStart(goroutineTrend.intervals > 0 ? formatCountDelta(Math.round(goroutineTrend.slopePerMinute)) : '—', 8) +
			'  ' +
			(failure ? `${failure.message} (${formatDuration(now - failure.time)} ago)` : '');
		// A line that keeps climbing without falling back is what to look at first.
		const alert = heapTrend.steadiness >= 0.6 || (goroutineTrend.steadiness >= 0.6 && goroutineTrend.growth >= 3);
		return {text: fit(text, size.columns), selected: i === selected, alert};
	});
	return {
		size,
		title: fit(`leakwatch  ${targets.length} targets · growth per minute over the last ${TREND_POINTS} polls`, size.columns),
		columns: fit(columns, size.columns),
		rows,
		status: fit('↵ open the dashboard · esc back to this list · j/k move · q quit', size.columns),
	};
}

function finitePairs(times: number[], values: number[]): [number[], number[]] {
	const t: number[] = [];
	const v: number[] = [];
	for (let i = 0; i < values.length; i++) {
		if (Number.isFinite(values[i]!)) {
			t.push(times[i]!);
			v.push(values[i]!);
		}
	}
	return [t, v];
}
