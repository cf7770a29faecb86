import type {MemStats} from '../decode/expvar.js';
import type {Frame} from '../decode/profile.js';
import {crosses, type Threshold} from '../format/units.js';
import {companionIndex, rankTracked} from './ranking.js';
import {heapTotal, type State} from './state.js';
import {GOROUTINE_RULE, HEAP_RULE} from './trend.js';

/** What `check --json` prints; the field names are a contract with CI scripts. */
export interface CheckReport {
	target: string;
	durationSeconds: number;
	heap: {startInuseBytes: number; endInuseBytes: number; growthBytes: number; growthBytesPerMinute: number};
	gc: {cycles: number; pauseTotalNs: number};
	goroutines: {start: number; end: number; growth: number};
	growingSites: Array<{function: string; file: string; line: number; growthBytes: number; growthObjects: number; inuseBytes: number; score: number}>;
	goroutineGroups: Array<{function: string; file: string; line: number; count: number; growth: number; stack: string[]}>;
	leakSuspected: boolean;
}

export interface CheckThresholds {
	maxHeapGrowth?: Threshold;
	maxGoroutineGrowth?: Threshold;
}

/** Why a leak is suspected, one line each, for the human report. */
export interface CheckVerdict {
	report: CheckReport;
	reasons: string[];
}

export function buildCheckReport(state: State, target: string, durationMs: number, thresholds: CheckThresholds, top: number): CheckVerdict {
	const heap = heapSummary(state);
	const goroutines = firstAndLast(state.series.goroutines.toArray());

	const growingSites: CheckReport['growingSites'] = [];
	const heapTracker = state.heap.tracker;
	const inuseIndex = state.heap.sampleTypes.findIndex((vt) => vt.type === 'inuse_space');
	if (heapTracker && inuseIndex >= 0) {
		const ranked = rankTracked(heapTracker, {
			valueIndex: inuseIndex,
			secondaryIndex: companionIndex(state.heap.sampleTypes, inuseIndex),
			order: 'growth',
			rule: HEAP_RULE,
		});
		for (const site of ranked.filter((s) => s.steady).slice(0, top)) {
			growingSites.push({
				...where(site.info.frame),
				growthBytes: site.growth,
				growthObjects: Number.isNaN(site.secondaryGrowth) ? 0 : site.secondaryGrowth,
				inuseBytes: site.current,
				score: Math.round(site.trend.score),
			});
		}
	}

	const goroutineGroups: CheckReport['goroutineGroups'] = [];
	const groupTracker = state.goroutines.tracker;
	if (groupTracker) {
		const ranked = rankTracked(groupTracker, {valueIndex: 0, order: 'growth', rule: GOROUTINE_RULE});
		for (const group of ranked.filter((g) => g.steady).slice(0, top)) {
			goroutineGroups.push({
				...where(group.info.frame),
				count: group.current,
				growth: group.growth,
				stack: group.info.stack.map((frame) => `${frame.function} ${frame.file}:${frame.line}`),
			});
		}
	}

	const minutes = heap.spanMs / 60_000;
	const report: CheckReport = {
		target,
		durationSeconds: Math.round(durationMs / 100) / 10,
		heap: {
			startInuseBytes: heap.start,
			endInuseBytes: heap.end,
			growthBytes: heap.end - heap.start,
			growthBytesPerMinute: minutes > 0 ? Math.round((heap.end - heap.start) / minutes) : 0,
		},
		gc: {cycles: memGrowth(state, (mem) => mem.numGC), pauseTotalNs: memGrowth(state, (mem) => mem.pauseTotalNs)},
		goroutines: {start: goroutines.start, end: goroutines.end, growth: goroutines.end - goroutines.start},
		growingSites,
		goroutineGroups,
		leakSuspected: false,
	};

	const reasons: string[] = [];
	const {maxHeapGrowth, maxGoroutineGrowth} = thresholds;
	if (maxHeapGrowth || maxGoroutineGrowth) {
		// Thresholds given: they alone decide.
		if (maxHeapGrowth && crosses(maxHeapGrowth, report.heap.startInuseBytes, report.heap.growthBytes)) {
			reasons.push('heap growth crossed --max-heap-growth');
		}
		if (maxGoroutineGrowth && crosses(maxGoroutineGrowth, report.goroutines.start, report.goroutines.growth)) {
			reasons.push('goroutine growth crossed --max-goroutine-growth');
		}
	} else {
		for (const site of growingSites) reasons.push(`heap site ${site.function} grew steadily`);
		for (const group of goroutineGroups) reasons.push(`goroutine group ${group.function} grew steadily`);
	}
	report.leakSuspected = reasons.length > 0;
	return {report, reasons};
}

function where(frame: Frame): {function: string; file: string; line: number} {
	return {function: frame.function, file: frame.file, line: frame.line};
}

function heapSummary(state: State): {start: number; end: number; spanMs: number} {
	const values = state.series.heapInuse.toArray();
	const times = state.times.toArray();
	const firstIndex = values.findIndex(Number.isFinite);
	const lastIndex = values.findLastIndex(Number.isFinite);
	if (firstIndex >= 0) {
		return {start: values[firstIndex]!, end: values[lastIndex]!, spanMs: times[lastIndex]! - times[firstIndex]!};
	}
	// No expvar: the heap profile's in-use total (as of the last GC) stands in.
	const {baseline, latest} = state.heap;
	if (!baseline || !latest) return {start: Number.NaN, end: Number.NaN, spanMs: 0};
	return {start: heapTotal(baseline.profile, 'inuse_space'), end: heapTotal(latest.profile, 'inuse_space'), spanMs: latest.time - baseline.time};
}

/** A cumulative memstats counter's growth since the first poll (of this process, after a restart). */
function memGrowth(state: State, pick: (mem: MemStats) => number): number {
	const {firstMem, lastMem} = state;
	return firstMem && lastMem ? pick(lastMem) - pick(firstMem) : 0;
}

function firstAndLast(values: number[]): {start: number; end: number} {
	const finite = values.filter(Number.isFinite);
	if (finite.length === 0) return {start: 0, end: 0};
	return {start: finite[0]!, end: finite[finite.length - 1]!};
}
