/**
 * @module Everything leakwatch knows about one target, changed only by
 * `apply(model, event)`. The dashboard, `check` and `replay` feed it the same
 * events; only the driver differs. Memory is fixed however long it runs:
 * every series is a multi-resolution History, sites and groups are bounded
 * Trackers, rankings and raw profiles are kept in bounded numbers.
 *
 * It mutates in place (rings of numbers are not copied on every poll); the
 * app treats a model as owned by its target and reads it through `version`.
 */
import {latestPause, pausesSince, type MemStats, type ProcessStats, type Vars} from '../decode/expvar.js';
import type {GoroutineGroup, GoroutineSummary} from '../decode/goroutine-groups.js';
import type {HeapSite, HeapSummary} from '../decode/heap-sites.js';
import type {ProfileCounts} from '../decode/pprof-index.js';
import type {ValueType} from '../decode/profile.js';
import {History} from './history.js';
import {ProfileSeries} from './profile-series.js';
import {compareTracked, Tracker, type Judged, type Tracked} from './tracker.js';
import {CLEAR_SIGMAS, GROWTH_SIGMAS, heapNoise, judge, NO_JUDGEMENT, worse, type HeapPoint, type Judgement} from './verdict.js';

export type ModelEvent =
	| TickEvent
	| {type: 'heap'; time: number; raw: Uint8Array; summary: HeapSummary}
	| {type: 'goroutine'; time: number; raw: Uint8Array; summary: GoroutineSummary}
	| {type: 'goroutine-leak'; time: number; summary: GoroutineSummary}
	| {type: 'poll-failed'; time: number; source: PollSource; message: string}
	| {type: 'mark-baseline'; time: number}
	| {type: 'note'; time: number; text: string; level?: StatusNote['level']};

/** One cheap poll: /debug/vars (or /metrics) and the pprof index, fetched together. */
export interface TickEvent {
	type: 'tick';
	time: number;
	vars?: Vars;
	varsRaw?: string;
	index?: ProfileCounts;
	/** Where the runtime numbers came from. */
	source?: SourceInUse;
	/** RSS and open files from /proc (leakwatch on the same host). */
	process?: ProcessStats;
}

export type SourceInUse = 'expvar' | 'metrics' | 'none';
export type PollSource = 'vars' | 'index' | 'heap' | 'goroutine';

export const SERIES_NAMES = [
	'heapInuse',
	'heapAlloc',
	'heapObjects',
	'heapLive',
	'nextGC',
	'memoryLimit',
	'heapHeld',
	'sys',
	'rss',
	'goroutines',
	'threads',
	'openFds',
	'gcPerMinute',
	'gcPauseMaxNs',
	'gcCpuFraction',
] as const;
export type SeriesName = (typeof SERIES_NAMES)[number];

/** Where the live heap (after GC) comes from, best first. */
export type LiveHeapSource = 'runtime' | 'goal' | 'profile';

export interface StatusNote {
	readonly time: number;
	readonly text: string;
	readonly level: 'info' | 'warn' | 'error';
}

export interface StoredProfile {
	readonly time: number;
	/** As served (gzipped): what snapshots write for `go tool pprof`, and what the drill-down decodes. */
	readonly raw: Uint8Array;
}

/** The top of a ranking as it was at one profile: what the list shows, now or when scrubbed back. */
export interface Ranking<Info> {
	readonly time: number;
	readonly profiles: number;
	readonly rows: ReadonlyArray<RankedRow<Info>>;
}

export interface RankedRow<Info> {
	readonly key: string;
	readonly info: Info;
	/** What the profile said of it at the baseline (undefined when it did not exist then). */
	readonly baselineInfo: Info | undefined;
	readonly judgement: Judgement;
	readonly secondary: Judgement | undefined;
	readonly current: readonly number[];
	readonly growth: readonly number[];
}

export interface ProfileTrack<Info> {
	tracker: Tracker<Info> | undefined;
	sampleTypes: readonly ValueType[];
	defaultIndex: number;
	/** The heap profile's sampling period (bytes), 0 when exact or unknown. */
	period: number;
	/** The last heap profile's alloc_space total: it only grows within one process. */
	lastAllocSpace: number;
	latest: StoredProfile | undefined;
	baseline: StoredProfile | undefined;
	/** The last few profiles as served, for snapshots (replay rebuilds the trends from them). */
	recent: StoredProfile[];
	rankings: Ranking<Info>[];
}

/** What the Go 1.26 runtime proved leaked (/debug/pprof/goroutineleak), by group key. */
export interface LeakProof {
	readonly time: number;
	readonly total: number;
	readonly byKey: ReadonlyMap<string, number>;
	readonly groups: readonly GoroutineGroup[];
}

export interface Model {
	/** Changes on every event: a cheap "did anything happen". */
	version: number;
	cmdline: string;
	firstGoodTime: number | undefined;
	lastGoodTime: number | undefined;
	lastTickTime: number | undefined;
	/** The most recent failure per source; cleared by that source's next success. */
	failures: Partial<Record<PollSource, {time: number; message: string}>>;
	note: StatusNote | undefined;
	series: Record<SeriesName, History>;
	/** The service's own numeric vars the user asked to plot (--var), by dotted path. */
	custom: Map<string, History>;
	/** When the target restarted (at most RESTARTS_KEPT); every series has a gap there. */
	restarts: number[];
	firstMem: MemStats | undefined;
	lastMem: MemStats | undefined;
	lastVars: {time: number; raw: string; vars: Vars} | undefined;
	lastIndex: ProfileCounts | undefined;
	source: SourceInUse | undefined;
	liveHeapSource: LiveHeapSource | undefined;
	baselineTime: number | undefined;
	/** One point per GC seen (the live heap after it), and per tick (goroutines), since the baseline. */
	liveHeapPoints: ProfileSeries;
	goroutinePoints: ProfileSeries;
	liveHeap: Judgement;
	goroutineCount: Judgement;
	heap: ProfileTrack<HeapSite>;
	goroutines: ProfileTrack<GoroutineGroup>;
	leakProof: LeakProof | undefined;
	/** Heap profile fetches skipped because no GC happened since the last one. */
	lastGCCount: number | undefined;
}

export const RESTARTS_KEPT = 64;
/** How far back scrubbing finds a ranking, and how deep each is. */
export const RANKINGS_KEPT = 120;
export const RANKING_ROWS = 300;
/** Raw profiles kept for snapshots: by count and by bytes. */
const RECENT_PROFILES = 24;
const RECENT_BYTES = 32 * 2 ** 20;
export const SITE_CAPACITY = 3000;
export const GROUP_CAPACITY = 2000;

/** Growth smaller than these does not matter, however significant. */
export const FLOORS = {siteBytes: 64 * 1024, siteObjects: 1024, goroutines: 3, liveHeapBytes: 256 * 1024};

/**
 * About the smallest growth of one site that clears its sampling noise: a site
 * that keeps all it allocates (A = growth G) has σ ≈ √(period·G), and G ≥ 3σ
 * needs G ≥ 9·period.
 */
export function detectableGrowth(period: number): number {
	return Math.max(FLOORS.siteBytes, GROWTH_SIGMAS ** 2 * period);
}

export function createModel(customNames: readonly string[] = []): Model {
	const series = {} as Record<SeriesName, History>;
	for (const name of SERIES_NAMES) series[name] = new History();
	return {
		version: 0,
		cmdline: '',
		firstGoodTime: undefined,
		lastGoodTime: undefined,
		lastTickTime: undefined,
		failures: {},
		note: undefined,
		series,
		custom: new Map(customNames.map((name) => [name, new History()])),
		restarts: [],
		firstMem: undefined,
		lastMem: undefined,
		lastVars: undefined,
		lastIndex: undefined,
		source: undefined,
		liveHeapSource: undefined,
		baselineTime: undefined,
		liveHeapPoints: new ProfileSeries(1),
		goroutinePoints: new ProfileSeries(1),
		liveHeap: NO_JUDGEMENT,
		goroutineCount: NO_JUDGEMENT,
		heap: emptyTrack(),
		goroutines: emptyTrack(),
		leakProof: undefined,
		lastGCCount: undefined,
	};
}

function emptyTrack<Info>(): ProfileTrack<Info> {
	return {tracker: undefined, sampleTypes: [], defaultIndex: 0, period: 0, lastAllocSpace: Number.NaN, latest: undefined, baseline: undefined, recent: [], rankings: []};
}

export function apply(model: Model, event: ModelEvent): void {
	model.version++;
	switch (event.type) {
		case 'tick':
			onTick(model, event);
			break;
		case 'heap':
			onHeap(model, event.time, event.raw, event.summary);
			break;
		case 'goroutine':
			onGoroutines(model, event.time, event.raw, event.summary);
			break;
		case 'goroutine-leak':
			model.leakProof = {
				time: event.time,
				total: event.summary.total,
				byKey: new Map(event.summary.groups.map((group) => [group.key, group.count])),
				groups: event.summary.groups,
			};
			break;
		case 'poll-failed':
			model.failures[event.source] = {time: event.time, message: event.message};
			break;
		case 'mark-baseline':
			markBaseline(model, event.time);
			break;
		case 'note':
			model.note = {time: event.time, text: event.text, level: event.level ?? 'info'};
			break;
	}
}

function succeeded(model: Model, time: number, sources: readonly PollSource[]): void {
	model.firstGoodTime ??= time;
	model.lastGoodTime = time;
	for (const source of sources) delete model.failures[source];
}

function onTick(model: Model, event: TickEvent): void {
	const {time, vars, index} = event;
	if (!vars && !index) return;
	succeeded(model, time, [...(vars ? (['vars'] as const) : []), ...(index ? (['index'] as const) : [])]);
	const mem = vars?.memstats;
	if (vars) {
		if (mem && model.lastMem && restarted(model.lastMem, mem)) onRestart(model, time, 'its counters went backwards');
		else if (vars.cmdline && model.cmdline && vars.cmdline !== model.cmdline) onRestart(model, time, 'its command line changed');
		if (vars.cmdline) model.cmdline = vars.cmdline;
		model.lastVars = {time, raw: event.varsRaw ?? '', vars};
	}
	if (event.source) model.source = event.source;
	if (!vars?.cmdline && event.process?.cmdline) model.cmdline = event.process.cmdline;
	const previous = model.lastMem;
	const previousTime = model.lastTickTime;
	model.lastTickTime = time;
	const s = model.series;
	const push = (name: SeriesName, value: number | undefined) => s[name].push(time, value ?? Number.NaN);
	push('heapInuse', mem?.heapInuse);
	push('heapAlloc', mem?.heapAlloc);
	push('heapObjects', mem?.heapObjects);
	push('nextGC', mem?.nextGC);
	push('heapHeld', mem ? mem.heapSys - mem.heapReleased : undefined);
	push('sys', mem?.sys);
	push('gcCpuFraction', mem?.gcCPUFraction);
	const limit = vars?.runtime?.memoryLimit;
	// MaxInt64 means no limit.
	push('memoryLimit', limit !== undefined && limit > 0 && limit < 2 ** 62 ? limit : undefined);
	if (mem && previous && previousTime !== undefined && time > previousTime && Number.isFinite(mem.numGC) && Number.isFinite(previous.numGC)) {
		push('gcPerMinute', ((mem.numGC - previous.numGC) / (time - previousTime)) * 60_000);
		const pauses = pausesSince(mem, previous.numGC);
		push('gcPauseMaxNs', pauses.length > 0 ? Math.max(...pauses) : latestPause(mem));
	} else {
		push('gcPerMinute', undefined);
		push('gcPauseMaxNs', undefined);
	}
	// The pprof index counts goroutines for any service; /metrics has go_goroutines too.
	const goroutines = index?.get('goroutine') ?? vars?.goroutines;
	push('goroutines', goroutines);
	push('threads', index?.get('threadcreate') ?? vars?.threads);
	const processStats = event.process ?? vars?.process;
	push('rss', processStats?.rss);
	push('openFds', processStats?.openFds);
	for (const [name, history] of model.custom) history.push(time, vars?.numbers.get(name) ?? Number.NaN);
	onLiveHeap(model, time, vars, mem);
	if (goroutines !== undefined && Number.isFinite(goroutines)) {
		model.baselineTime ??= time;
		model.goroutinePoints.push(time, [goroutines]);
		model.goroutineCount = judgeGoroutineCount(model.goroutinePoints, 'watch for longer');
	}
	if (mem) {
		model.firstMem ??= mem;
		model.lastMem = mem;
	}
	if (index) model.lastIndex = index;
}

/**
 * The heap that survives GC, one point per GC seen: the runtime's own figure
 * (/gc/heap/live:bytes, through /metrics) where it is served; else the GC goal
 * scaled back to the live heap it was set from (goal = live × (1 + GOGC/100));
 * else, without expvar or /metrics, the heap profile's in-use total (as of the
 * last GC, see onHeap). Raw heap-in-use rides the GC sawtooth and is plotted,
 * never judged.
 */
function onLiveHeap(model: Model, time: number, vars: Vars | undefined, mem: MemStats | undefined): void {
	const runtime = vars?.runtime;
	let value = Number.NaN;
	let source: LiveHeapSource | undefined;
	if (runtime && Number.isFinite(runtime.liveHeap) && runtime.liveHeap > 0) {
		value = runtime.liveHeap;
		source = 'runtime';
	} else if (mem && Number.isFinite(mem.nextGC) && mem.nextGC > 0) {
		const gogc = runtime && Number.isFinite(runtime.gogc) && runtime.gogc > 0 ? runtime.gogc : 100;
		value = mem.nextGC / (1 + gogc / 100);
		source = 'goal';
	}
	if (source === undefined) {
		if (model.liveHeapSource !== 'profile') model.series.heapLive.push(time, Number.NaN);
		return;
	}
	model.liveHeapSource = source;
	model.series.heapLive.push(time, value);
	const gcs = mem?.numGC;
	// A new point per GC: between two GCs the figure does not change, and repeating it would fake certainty.
	const newGC = gcs === undefined || !Number.isFinite(gcs) ? value !== lastPoint(model.liveHeapPoints) : gcs !== model.lastGCCount;
	if (gcs !== undefined && Number.isFinite(gcs)) model.lastGCCount = gcs;
	if (newGC) addLiveHeapPoint(model, time, value);
}

function addLiveHeapPoint(model: Model, time: number, value: number): void {
	model.baselineTime ??= time;
	model.liveHeapPoints.push(time, [value]);
	model.liveHeap = judgeLiveHeap(model.liveHeapPoints, 'watch for longer (one point per GC)');
}

/** The live heap is exact (no sampling); growth under 1% of its level, or 256 KiB, does not matter. */
export function judgeLiveHeap(points: ProfileSeries, remedy: string): Judgement {
	const levels = [...points.values].sort((a, b) => a - b);
	const level = levels[levels.length >> 1] ?? 0;
	return judge({times: points.times, values: points.values, noise: exact, samples: Infinity, floor: Math.max(FLOORS.liveHeapBytes, level * 0.01), remedy});
}

export function judgeGoroutineCount(points: ProfileSeries, remedy: string): Judgement {
	return judge({times: points.times, values: points.values, noise: exact, samples: Infinity, floor: FLOORS.goroutines, remedy});
}

function lastPoint(series: ProfileSeries): number {
	return series.values.length > 0 ? series.values[series.values.length - 1]! : Number.NaN;
}

const exact = () => 0;

/** Cumulative counters only go down when the process started again. */
function restarted(before: MemStats, after: MemStats): boolean {
	return after.numGC < before.numGC || after.totalAlloc < before.totalAlloc || after.mallocs < before.mallocs;
}

function onRestart(model: Model, time: number, why: string): void {
	model.restarts.push(time);
	if (model.restarts.length > RESTARTS_KEPT) model.restarts.shift();
	// A gap in every plot instead of a line joining two processes.
	for (const history of Object.values(model.series)) history.push(time, Number.NaN);
	for (const history of model.custom.values()) history.push(time, Number.NaN);
	model.firstMem = undefined;
	model.lastMem = undefined;
	model.lastGCCount = undefined;
	model.heap = emptyTrack();
	model.goroutines = emptyTrack();
	model.leakProof = undefined;
	resetBaseline(model, undefined);
	model.note = {time, text: `target restarted (${why}); growth counts from the restart`, level: 'warn'};
}

function resetBaseline(model: Model, time: number | undefined): void {
	model.baselineTime = time;
	model.liveHeapPoints = new ProfileSeries(1);
	model.goroutinePoints = new ProfileSeries(1);
	model.liveHeap = NO_JUDGEMENT;
	model.goroutineCount = NO_JUDGEMENT;
}

/** A heap profile's total for one sample type ("inuse_space"); NaN when it has none. */
export function heapTotal(summary: {sampleTypes: readonly ValueType[]; totals: readonly number[]}, type: string): number {
	const index = summary.sampleTypes.findIndex((vt) => vt.type === type);
	return index < 0 ? Number.NaN : summary.totals[index]!;
}

function onHeap(model: Model, time: number, raw: Uint8Array, summary: HeapSummary): void {
	succeeded(model, time, ['heap']);
	const track = model.heap;
	// alloc_space only grows within one process: less than last time is a restart (targets without expvar).
	if (track.tracker && track.latest && heapTotal(summary, 'alloc_space') < track.lastAllocSpace) onRestart(model, time, 'its allocation totals went backwards');
	const heap = model.heap;
	if (!heap.tracker || !sameTypes(heap.sampleTypes, summary.sampleTypes)) {
		heap.sampleTypes = summary.sampleTypes;
		heap.defaultIndex = summary.defaultSampleIndex;
		heap.baseline = {time, raw};
		heap.tracker = new Tracker<HeapSite>(summary.sampleTypes.length, SITE_CAPACITY, OTHER_SITES, (item) => judgeSite(model.heap, item));
	}
	heap.period = summary.period > 1 ? summary.period : 0;
	heap.lastAllocSpace = heapTotal(summary, 'alloc_space');
	heap.tracker.ingest(time, summary.sites.map((site) => ({key: site.key, info: site, values: site.values})), summary.totals, summary.omitted.count > 0);
	stored(heap, time, raw);
	// Without expvar or /metrics, the profile's in-use total is the live heap as of the last GC.
	if (model.liveHeapSource === undefined || model.liveHeapSource === 'profile') {
		const inuse = heapTotal(summary, 'inuse_space');
		if (Number.isFinite(inuse)) {
			model.liveHeapSource = 'profile';
			model.series.heapLive.push(time, inuse);
			if (inuse !== lastPoint(model.liveHeapPoints)) addLiveHeapPoint(model, time, inuse);
		}
	}
	model.baselineTime ??= time;
}

function onGoroutines(model: Model, time: number, raw: Uint8Array, summary: GoroutineSummary): void {
	succeeded(model, time, ['goroutine']);
	const track = model.goroutines;
	if (!track.tracker) {
		track.sampleTypes = [{type: 'goroutine', unit: 'count'}];
		track.baseline = {time, raw};
		track.tracker = new Tracker<GoroutineGroup>(1, GROUP_CAPACITY, OTHER_GROUPS, judgeGroup);
	}
	track.tracker.ingest(time, summary.groups.map((group) => ({key: group.key, info: group, values: [group.count]})), [summary.total], summary.omitted.count > 0);
	stored(track, time, raw);
	model.baselineTime ??= time;
}

function stored<Info>(track: ProfileTrack<Info>, time: number, raw: Uint8Array): void {
	track.latest = {time, raw};
	track.recent.push({time, raw});
	let bytes = track.recent.reduce((sum, entry) => sum + entry.raw.length, 0);
	while (track.recent.length > RECENT_PROFILES || (track.recent.length > 2 && bytes > RECENT_BYTES)) bytes -= track.recent.shift()!.raw.length;
	rank(track, time);
}

/** The ranking now, remembered for scrubbing back. */
function rank<Info>(track: ProfileTrack<Info>, time: number): void {
	const tracker = track.tracker;
	if (!tracker) return;
	const index = track.sampleTypes.findIndex((vt) => vt.type === 'inuse_space');
	const valueIndex = index >= 0 ? index : track.defaultIndex;
	const items = [...tracker.items.values()].sort((a, b) => compareTracked(a, b, valueIndex));
	const rows = items.slice(0, RANKING_ROWS).map((item) => rankedRow(item));
	if (tracker.other.latest.some((value) => value !== 0) || tracker.other.baseline.some((value) => value !== 0)) rows.push(rankedRow(tracker.other));
	track.rankings.push({time, profiles: tracker.profiles, rows});
	if (track.rankings.length > RANKINGS_KEPT) track.rankings.shift();
}

function rankedRow<Info>(item: Tracked<Info>): RankedRow<Info> {
	return {
		key: item.key,
		info: item.info,
		baselineInfo: item.baselineInfo,
		judgement: item.judgement,
		secondary: item.secondary,
		current: [...item.latest],
		growth: item.latest.map((value, v) => value - item.baseline[v]!),
	};
}

/** The "site" that sums everything not tracked. */
const OTHER_SITES: HeapSite = {key: '(other)', function: '(other sites)', file: '', name: '(other sites)', values: [], lines: []};
const OTHER_GROUPS: GoroutineGroup = {
	key: '(other)',
	count: 0,
	stack: [],
	depth: 0,
	name: {function: '(other goroutines)', file: '', line: 0},
	entry: {function: '(other goroutines)', file: '', line: 0},
};

/** A heap site, judged on in-use bytes and on in-use objects, each against its own sampling noise. */
function judgeSite(track: ProfileTrack<HeapSite>, item: Tracked<HeapSite>): Judged {
	const types = track.sampleTypes;
	const at = (type: string) => types.findIndex((vt) => vt.type === type);
	const index = {allocObjects: at('alloc_objects'), allocSpace: at('alloc_space'), inuseObjects: at('inuse_objects'), inuseSpace: at('inuse_space')};
	const {series} = item;
	const width = series.width;
	const points: HeapPoint[] = [];
	for (let i = 0; i < series.length; i++) {
		const get = (v: number) => (v >= 0 ? series.values[i * width + v]! : 0);
		points.push({allocObjects: get(index.allocObjects), allocSpace: get(index.allocSpace), inuseObjects: get(index.inuseObjects), inuseSpace: get(index.inuseSpace)});
	}
	if (index.inuseSpace < 0) {
		// Not a Go heap profile (no in-use bytes): judge the default sample type as exact counts.
		return {primary: judge({times: series.times, values: series.column(track.defaultIndex), noise: exact, samples: Infinity, floor: FLOORS.siteBytes, remedy: 'run longer'})};
	}
	return judgeHeapSite(series.times, points, index.allocSpace >= 0 ? track.period : 0, index.inuseObjects >= 0, item.info.objectNoise);
}

/** A GC cycle, generously: what a site allocates in it can be found in use by a GC that takes longer. */
const GC_CYCLE_MS = 1000;

/**
 * One allocation site's in-use bytes and objects over time, with the noise of
 * Go's heap sampling (every `period` bytes; 0 = every allocation).
 */
export function judgeHeapSite(times: readonly number[], points: readonly HeapPoint[], period: number, withObjects = true, objectNoise?: number): Judged {
	const noise = (i: number, j: number) => heapNoise(period, points[i]!, points[j]!, objectNoise);
	const n = points.length;
	const whole = n > 1 ? noise(0, n - 1) : {samples: Number.POSITIVE_INFINITY};
	// Objects of 8 periods or more are all but always sampled (1 − e^−8): sampling more would show nothing new.
	const last = points[n - 1];
	const sampledSurely = last !== undefined && last.allocObjects > 0 && last.allocSpace / last.allocObjects >= 8 * period;
	const remedy = period > 0 && !sampledSurely ? `run longer, or sample more (runtime.MemProfileRate is ${formatPeriod(period)})` : 'run longer';
	const judged = judge({times, values: points.map((p) => p.inuseSpace), noise: (i, j) => noise(i, j).bytes, samples: whole.samples, floor: FLOORS.siteBytes, remedy});
	// What a site allocates during a GC's mark phase stays in use until the next GC, so a churning site's
	// in-use bytes follow how long GCs take: as a leaking process's heap grows, every busy site seems to
	// grow with it. Growth below what the site allocates in one GC_CYCLE_MS cannot tell that apart.
	const span = times[n - 1]! - times[0]!;
	const perCycle = n > 1 && span > 0 ? ((points[n - 1]!.allocSpace - points[0]!.allocSpace) / span) * GC_CYCLE_MS : 0;
	const busy = judged.verdict === 'leaking' && judged.growth < perCycle;
	const bytes: Judgement = busy ? {...judged, verdict: 'too few samples', reason: `rising, but by less than it allocates in ${GC_CYCLE_MS / 1000} s, which a slower GC finds in use: ${remedy}`} : judged;
	if (!withObjects) return {primary: bytes};
	const objects = judge({times, values: points.map((p) => p.inuseObjects), noise: (i, j) => noise(i, j).objects, samples: whole.samples, floor: FLOORS.siteObjects, remedy});
	// A tiny-object leak can show in the count before the bytes: the site takes the more alarming verdict.
	// But a count is sampled far more sparsely than bytes when small objects sit beside big ones (each
	// sampled small one stands for hundreds): against bytes measured well and not growing, a count's
	// rise must be clear beyond doubt (CLEAR_SIGMAS), not just significant.
	const contradicted = objects.verdict === 'leaking' && bytes.verdict !== 'leaking' && bytes.verdict !== 'too few samples' && objects.z < CLEAR_SIGMAS;
	const primary = !contradicted && worse(bytes, objects) === objects && objects.verdict !== bytes.verdict ? {...bytes, verdict: objects.verdict, reason: `${objects.reason} (in objects)`} : bytes;
	return {primary, secondary: objects};
}

function judgeGroup(item: Tracked<GoroutineGroup>): Judged {
	const {series} = item;
	return {primary: judge({times: series.times, values: series.column(0), noise: exact, samples: Infinity, floor: FLOORS.goroutines, remedy: 'watch for longer', monotone: true})};
}

function formatPeriod(bytes: number): string {
	return bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} B`;
}

function sameTypes(a: readonly ValueType[], b: readonly ValueType[]): boolean {
	return a.length === b.length && a.every((vt, i) => vt.type === b[i]!.type && vt.unit === b[i]!.unit);
}

function markBaseline(model: Model, time: number): void {
	model.heap.tracker?.markBaseline();
	model.goroutines.tracker?.markBaseline();
	rank(model.heap, time);
	rank(model.goroutines, time);
	if (model.heap.latest) model.heap.baseline = model.heap.latest;
	if (model.goroutines.latest) model.goroutines.baseline = model.goroutines.latest;
	resetBaseline(model, time);
	model.note = {time, text: 'baseline marked: growth counts from now', level: 'info'};
}

/** The ranking as it was at the last profile at or before `time` (scrubbing); undefined before the first. */
export function rankingAt<Info>(track: ProfileTrack<Info>, time = Number.POSITIVE_INFINITY): Ranking<Info> | undefined {
	for (let i = track.rankings.length - 1; i >= 0; i--) if (track.rankings[i]!.time <= time) return track.rankings[i];
	return undefined;
}

/** Everything the model holds is from before this time (scrub bounds). */
export function newestTime(model: Model): number | undefined {
	const newest = Math.max(model.lastTickTime ?? 0, model.heap.latest?.time ?? 0, model.goroutines.latest?.time ?? 0);
	return newest > 0 ? newest : undefined;
}
