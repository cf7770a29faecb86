/**
 * @module What `check` concludes from a model, and what `check --json` prints.
 * The field names are a contract with CI scripts: fields are added, never
 * renamed. Pure: the stacks of the growing sites are decoded by the caller
 * and handed in.
 */
import type {GoroutineGroup} from '../decode/goroutine-groups.js';
import type {HeapSite} from '../decode/heap-sites.js';
import type {SiteStacks} from '../decode/site-stacks.js';
import {formatBytes} from '../view/units.js';
import {crosses, type Threshold} from './thresholds.js';
import {detectableGrowth, FLOORS, rankingAt, type Model, type RankedRow} from './model.js';
import {surestRate} from './tracker.js';
import type {Judgement, Verdict} from './verdict.js';

export interface SiteReport {
	function: string;
	file: string;
	line: number;
	growthBytes: number;
	growthObjects: number;
	inuseBytes: number;
	/** Bytes per minute, at the low end of its 95% interval: growth weighted by how sure it is. */
	score: number;
	verdict: Verdict;
	ratePerMinute: number;
	rateUncertainty: number;
	growthObjectsPerMinute: number;
	/** The first function of the user's program that led to this allocation ("" when the leaf is the user's). */
	caller: string;
	/** leaf ← its caller ← the user's function. */
	name: string;
	reason: string;
	/** Profiles the verdict rests on. */
	profiles: number;
	stacks: Array<{growthBytes: number; inuseBytes: number; frames: string[]}>;
}

export interface GroupReport {
	function: string;
	file: string;
	line: number;
	count: number;
	growth: number;
	stack: string[];
	verdict: Verdict;
	ratePerMinute: number;
	rateUncertainty: number;
	caller: string;
	/** The function the goroutines were started with. */
	entry: string;
	/** Goroutines of this stack the Go runtime proved leaked (Go 1.26 goroutineleak profile); 0 when none or not served. */
	runtimeLeaked: number;
	reason: string;
}

export interface CheckReport {
	target: string;
	durationSeconds: number;
	heap: {
		startInuseBytes: number;
		endInuseBytes: number;
		growthBytes: number;
		growthBytesPerMinute: number;
		rateUncertainty: number;
		verdict: Verdict;
		/** What the heap figures measure: the live heap after GC, and where it comes from. */
		signal: string;
		points: number;
	};
	gc: {cycles: number; pauseTotalNs: number};
	goroutines: {start: number; end: number; growth: number; ratePerMinute: number; rateUncertainty: number; verdict: Verdict};
	/** Only sites judged `leaking`. */
	growingSites: SiteReport[];
	/** Groups judged `leaking`, and groups the runtime proved leaked. */
	goroutineGroups: GroupReport[];
	/** The top of the ranking with every verdict (filled caches, too few samples…). */
	sites: SiteReport[];
	groups: GroupReport[];
	/** The heap profile's sampling period (runtime.MemProfileRate), 0 when every allocation is sampled. */
	samplingPeriodBytes: number;
	/** About how much one site must grow within the run to stand out from the sampling noise. */
	heapSiteDetectableGrowthBytes: number;
	/** Times the target restarted during the check (ISO 8601); growth counts from the last one. */
	restarts: string[];
	/** Goroutines the runtime proved leaked in all (Go 1.26 goroutineleak profile); null when the target does not serve it. */
	runtimeLeakedGoroutines: number | null;
	leakSuspected: boolean;
	/** The folder `--out` wrote a snapshot to. */
	snapshot?: string;
}

export interface CheckThresholds {
	maxHeapGrowth?: Threshold;
	maxGoroutineGrowth?: Threshold;
}

export interface CheckVerdict {
	report: CheckReport;
	/** Why a leak is suspected, one line each. */
	reasons: string[];
	/** What could not be judged, one line each (too few samples…). */
	notes: string[];
}

const LIVE_HEAP_SIGNAL = {runtime: 'live heap after GC (runtime /gc/heap/live:bytes)', goal: 'live heap after GC (GC goal ÷ (1 + GOGC/100))', profile: 'heap profile in-use total (as of the last GC)'};

export function buildCheckReport(model: Model, target: string, durationMs: number, thresholds: CheckThresholds, top: number, stacks: ReadonlyMap<string, SiteStacks> = new Map()): CheckVerdict {
	const heapRanking = rankingAt(model.heap);
	const groupRanking = rankingAt(model.goroutines);
	const types = model.heap.sampleTypes;
	const index = (type: string) => types.findIndex((vt) => vt.type === type);
	const siteReport = (row: RankedRow<HeapSite>) => siteOf(row, index('inuse_space'), index('inuse_objects'), stacks.get(row.key));
	const proof = model.leakProof;
	const groupReport = (row: RankedRow<GoroutineGroup>) => groupOf(row, proof?.byKey.get(row.key) ?? 0);
	const heapRows = heapRanking?.rows.filter((row) => row.key !== '(other)' || row.judgement.verdict === 'leaking') ?? [];
	const groupRows = groupRanking?.rows ?? [];

	const live = model.liveHeapPoints;
	const liveValues = live.values;
	const heapStart = liveValues[0] ?? 0;
	const heapEnd = liveValues.at(-1) ?? heapStart;
	const heapGrowth = fitted(model.liveHeap, heapStart, heapEnd);
	const counts = model.goroutinePoints.values;
	const goroutineStart = counts[0] ?? 0;
	const goroutineEnd = counts.at(-1) ?? goroutineStart;

	const report: CheckReport = {
		target,
		durationSeconds: Math.round(durationMs / 100) / 10,
		heap: {
			startInuseBytes: finite(heapStart),
			endInuseBytes: finite(heapEnd),
			growthBytes: Math.round(finite(heapGrowth)),
			growthBytesPerMinute: Math.round(finite(model.liveHeap.ratePerMinute)),
			rateUncertainty: Math.round(finite(model.liveHeap.rateUncertainty)),
			verdict: model.liveHeap.verdict,
			signal: model.liveHeapSource ? LIVE_HEAP_SIGNAL[model.liveHeapSource] : 'none',
			points: live.length,
		},
		gc: {cycles: memGrowth(model, 'numGC'), pauseTotalNs: memGrowth(model, 'pauseTotalNs')},
		goroutines: {
			start: goroutineStart,
			end: goroutineEnd,
			growth: Math.round(fitted(model.goroutineCount, goroutineStart, goroutineEnd)),
			ratePerMinute: round1(finite(model.goroutineCount.ratePerMinute)),
			rateUncertainty: round1(finite(model.goroutineCount.rateUncertainty)),
			verdict: model.goroutineCount.verdict,
		},
		growingSites: heapRows.filter((row) => row.judgement.verdict === 'leaking').slice(0, top).map(siteReport),
		// Proven leaked by the runtime first, then leaking by the trend.
		goroutineGroups: groupRows
			.filter((row) => row.judgement.verdict === 'leaking' || (proof?.byKey.get(row.key) ?? 0) > 0)
			.sort((a, b) => Number((proof?.byKey.get(b.key) ?? 0) > 0) - Number((proof?.byKey.get(a.key) ?? 0) > 0))
			.slice(0, top)
			.map(groupReport),
		sites: heapRows.slice(0, top).map(siteReport),
		groups: groupRows.slice(0, top).map(groupReport),
		samplingPeriodBytes: model.heap.period,
		heapSiteDetectableGrowthBytes: Math.round(detectableGrowth(model.heap.period)),
		restarts: model.restarts.map((time) => new Date(time).toISOString()),
		runtimeLeakedGoroutines: proof ? proof.total : null,
		leakSuspected: false,
	};

	const reasons: string[] = [];
	const {maxHeapGrowth, maxGoroutineGrowth} = thresholds;
	if (maxHeapGrowth || maxGoroutineGrowth) {
		// Thresholds given: they alone decide, on the same fitted growth the report shows.
		if (maxHeapGrowth && crosses(maxHeapGrowth, report.heap.startInuseBytes, report.heap.growthBytes)) reasons.push('heap growth crossed --max-heap-growth');
		if (maxGoroutineGrowth && crosses(maxGoroutineGrowth, report.goroutines.start, report.goroutines.growth)) reasons.push('goroutine growth crossed --max-goroutine-growth');
	} else {
		for (const site of report.growingSites) reasons.push(`heap site ${site.name} is leaking`);
		for (const group of report.goroutineGroups) {
			reasons.push(group.runtimeLeaked > 0 ? `${group.runtimeLeaked} goroutines in ${group.function} proven leaked by the Go runtime` : `goroutine group ${group.function} is leaking`);
		}
		if (proof && proof.total > 0 && !report.goroutineGroups.some((group) => group.runtimeLeaked > 0)) reasons.push(`${proof.total} goroutines proven leaked by the Go runtime`);
	}
	report.leakSuspected = reasons.length > 0;

	const notes: string[] = [];
	const few = heapRows.filter((row) => row.judgement.verdict === 'too few samples');
	if (few.length > 0) {
		const period = model.heap.period;
		notes.push(
			`${few.length} allocation site${few.length === 1 ? '' : 's'} cannot be told yet (${period > 0 ? `one sample per ${formatBytes(period)} allocated` : 'too few profiles'}): run longer${period > 0 ? ', or lower runtime.MemProfileRate' : ''}`,
		);
	}
	if (report.growingSites.length === 0 && model.heap.period >= FLOORS.siteBytes && durationMs > 0) {
		const limit = report.heapSiteDetectableGrowthBytes;
		notes.push(
			`with one heap sample per ${formatBytes(model.heap.period)} allocated, a site must grow about ${formatBytes(limit)} within the run (${formatBytes((limit / durationMs) * 60_000)}/min over ${Math.round(durationMs / 1000)}s) to stand out from the sampling noise: slower leaks need a longer run or a lower runtime.MemProfileRate`,
		);
	}
	// The process as a whole is reported, not decided on: a cache filling during the check grows it too.
	if (report.heap.verdict === 'leaking' && report.growingSites.length === 0) notes.push('the live heap after GC grew, but no allocation site stands out above its sampling noise yet (a cache still filling, or a slow leak): run longer');
	if (model.restarts.length > 0) notes.push(`the target restarted during the check (${report.restarts.join(', ')}); growth counts from the last restart`);
	return {report, reasons, notes};
}

function siteOf(row: RankedRow<HeapSite>, inuse: number, objects: number, stacks: SiteStacks | undefined): SiteReport {
	const site = row.info;
	const line = site.lines[0]?.line ?? 0;
	const secondary = row.secondary;
	return {
		function: site.function,
		file: site.file,
		line,
		growthBytes: inuse >= 0 ? row.growth[inuse]! : 0,
		growthObjects: objects >= 0 ? row.growth[objects]! : 0,
		inuseBytes: inuse >= 0 ? row.current[inuse]! : 0,
		score: Math.round(surestRate(row.judgement)),
		verdict: row.judgement.verdict,
		ratePerMinute: Math.round(finite(row.judgement.ratePerMinute)),
		rateUncertainty: Math.round(finite(row.judgement.rateUncertainty)),
		growthObjectsPerMinute: round1(finite(secondary?.ratePerMinute ?? Number.NaN)),
		caller: site.caller?.function ?? '',
		name: site.name,
		reason: row.judgement.reason,
		profiles: row.judgement.points,
		stacks: (stacks?.stacks ?? []).slice(0, 3).map((stack) => ({
			growthBytes: inuse >= 0 ? stack.current[inuse]! - stack.baseline[inuse]! : 0,
			inuseBytes: inuse >= 0 ? stack.current[inuse]! : 0,
			frames: stack.frames.map(frameText),
		})),
	};
}

function groupOf(row: RankedRow<GoroutineGroup>, runtimeLeaked: number): GroupReport {
	const group = row.info;
	return {
		function: group.name.function,
		file: group.name.file,
		line: group.name.line,
		count: row.current[0]!,
		growth: row.growth[0]!,
		stack: group.stack.map(frameText),
		verdict: row.judgement.verdict,
		ratePerMinute: round1(finite(row.judgement.ratePerMinute)),
		rateUncertainty: round1(finite(row.judgement.rateUncertainty)),
		caller: group.caller?.function ?? '',
		entry: group.entry.function,
		runtimeLeaked,
		reason: row.judgement.reason,
	};
}

function frameText(frame: {function: string; file: string; line: number}): string {
	return `${frame.function} ${frame.file}:${frame.line}`;
}

/** Fitted growth when the judgement has a rate (three points or more), else the difference of the two ends. */
function fitted(judgement: Judgement, start: number, end: number): number {
	if (Number.isFinite(judgement.ratePerMinute)) return judgement.growth;
	return Number.isFinite(end - start) ? end - start : 0;
}

/** A cumulative memstats counter's growth since the first poll (of this process, after a restart). */
function memGrowth(model: Model, field: 'numGC' | 'pauseTotalNs'): number {
	const {firstMem, lastMem} = model;
	return firstMem && lastMem ? finite(lastMem[field] - firstMem[field]) : 0;
}

/** JSON has no NaN: an unknown number is 0 (and the verdict says why). */
function finite(value: number): number {
	return Number.isFinite(value) ? value : 0;
}

function round1(value: number): number {
	return Math.round(value * 10) / 10;
}

