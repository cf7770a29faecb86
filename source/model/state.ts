import type {LeafTotals, Profile, ProfileSummary, ValueType} from '../decode/profile.js';
import {latestPause, pausesSince, type MemStats, type ProcessStats, type Vars} from '../decode/expvar.js';
import type {ProfileCounts} from '../decode/pprof-index.js';
import {FrameIds} from './frame-ids.js';
import {NumberRing, Ring} from './ring.js';
import {goroutineGroups, heapSites, type GoroutineGroupInfo, type SiteInfo, type SnapshotEntry} from './sites.js';
import {companionIndex, rankTracked, type Ranked} from './ranking.js';
import {Tracker} from './tracker.js';
import {GOROUTINE_RULE, HEAP_RULE, type SteadyRule} from './trend.js';

/**
 * The model: everything leakwatch knows about one target, changed only by
 * `update`. The live dashboard, `check` and `replay` feed it the same events;
 * only the driver differs. Series are fixed-size rings and at most three raw
 * profiles are kept (latest heap, baseline heap, latest goroutine), so memory
 * stays flat however long it runs.
 */
export type ModelEvent =
	| TickEvent
	| {type: 'heap'; time: number; profile: LeafTotals; raw: Uint8Array}
	| {type: 'goroutine'; time: number; profile: Profile; raw: Uint8Array}
	| {type: 'goroutine-leak'; time: number; profile: Profile}
	| {type: 'poll-failed'; time: number; source: PollSource; message: string}
	| {type: 'mark-baseline'; time: number}
	| {type: 'note'; time: number; text: string; level?: StatusNote['level']};

/** One cheap poll: /debug/vars and the pprof index, fetched together. */
export interface TickEvent {
	type: 'tick';
	time: number;
	vars?: Vars;
	varsRaw?: string;
	index?: ProfileCounts;
	/** Where the runtime numbers came from (expvar, /metrics, or neither). */
	source?: SourceInUse;
	/** RSS and open files from /proc (leakwatch on the same host). */
	process?: ProcessStats;
}

/** Where the runtime numbers of a poll came from: expvar, Prometheus /metrics, or neither. */
export type SourceInUse = 'expvar' | 'metrics' | 'none';

export type PollSource = 'vars' | 'index' | 'heap' | 'goroutine';

export const SERIES_NAMES = [
	'heapInuse',
	'heapAlloc',
	'heapObjects',
	'heapSys',
	'heapIdle',
	'heapReleased',
	'nextGC',
	'sys',
	'gcCycles',
	'gcPauseMaxNs',
	'gcLastPauseNs',
	'gcCpuFraction',
	'goroutines',
	'threads',
	'rss',
	'openFds',
] as const;
export type SeriesName = (typeof SERIES_NAMES)[number];

export interface ModelOptions {
	/** Runtime points kept per series. */
	seriesCapacity: number;
	/** Profiles the growth trend looks back over. */
	profileWindow: number;
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {seriesCapacity: 3600, profileWindow: 60};

/** A profile as served (raw, for snapshots and drill-down) and as decoded for the model. */
export interface StoredProfile<P extends ProfileSummary = Profile> {
	readonly time: number;
	readonly raw: Uint8Array;
	readonly profile: P;
}

export interface StatusNote {
	readonly time: number;
	readonly text: string;
	readonly level: 'info' | 'warn' | 'error';
}

export interface ProfileTrack<Info, P extends ProfileSummary> {
	tracker: Tracker<Info> | undefined;
	sampleTypes: readonly ValueType[];
	latest: StoredProfile<P> | undefined;
	baseline: StoredProfile<P> | undefined;
	/** The last few profiles as served, for snapshots (and so replay can rebuild the trend). */
	recent: Array<{time: number; raw: Uint8Array}>;
	/** The top of the ranking as it was at each profile, for scrubbing back through history. */
	rankings: Ring<RankingAt<Info>>;
	/** Cache: the snapshot of `latest.profile`, reused when the target serves the same profile again. */
	snapshot: {profile: P; entries: Map<string, SnapshotEntry<Info>>} | undefined;
}

export interface State {
	readonly options: ModelOptions;
	/** Changes on every update: a cheap "did anything happen" for the view. */
	version: number;
	cmdline: string;
	firstGoodTime: number | undefined;
	lastGoodTime: number | undefined;
	lastTickTime: number | undefined;
	/** The most recent failure per source; cleared by that source's next success. */
	failures: Partial<Record<PollSource, {time: number; message: string}>>;
	note: StatusNote | undefined;
	times: NumberRing;
	series: Record<SeriesName, NumberRing>;
	/** Extra numeric expvar vars the user asked to plot, by dotted path. */
	custom: Map<string, NumberRing>;
	customNames: readonly string[];
	/** Times at which the target restarted; every series has a gap there. */
	restarts: Ring<number>;
	/** memstats of the first poll of this process (reset by a restart) and of the latest. */
	firstMem: MemStats | undefined;
	lastMem: MemStats | undefined;
	lastVars: {time: number; raw: string; vars: Vars} | undefined;
	lastIndex: ProfileCounts | undefined;
	runtimeSource: SourceInUse | undefined;
	baselineTime: number | undefined;
	/** What the runtime's goroutineleak profile (Go 1.26+) last said, when the target serves it. */
	goroutineLeak: {time: number; count: number} | undefined;
	frameIds: FrameIds;
	/** Heap profiles are kept as per-leaf totals: the ranking needs no more, and they decode fast. */
	heap: ProfileTrack<SiteInfo, LeafTotals>;
	goroutines: ProfileTrack<GoroutineGroupInfo, Profile>;
}

export function initialState(options: ModelOptions = DEFAULT_MODEL_OPTIONS, customNames: readonly string[] = []): State {
	const series = {} as Record<SeriesName, NumberRing>;
	for (const name of SERIES_NAMES) series[name] = new NumberRing(options.seriesCapacity);
	return {
		options,
		version: 0,
		cmdline: '',
		firstGoodTime: undefined,
		lastGoodTime: undefined,
		lastTickTime: undefined,
		failures: {},
		note: undefined,
		times: new NumberRing(options.seriesCapacity),
		series,
		custom: new Map(customNames.map((name) => [name, new NumberRing(options.seriesCapacity)])),
		customNames,
		restarts: new Ring(64),
		firstMem: undefined,
		lastMem: undefined,
		lastVars: undefined,
		lastIndex: undefined,
		runtimeSource: undefined,
		baselineTime: undefined,
		goroutineLeak: undefined,
		frameIds: new FrameIds(),
		heap: emptyTrack(),
		goroutines: emptyTrack(),
	};
}

function emptyTrack<Info, P extends ProfileSummary>(): ProfileTrack<Info, P> {
	return {tracker: undefined, sampleTypes: [], latest: undefined, baseline: undefined, recent: [], rankings: new Ring(RANKINGS_KEPT), snapshot: undefined};
}

/** Frames interned across profiles stay bounded even if a hostile target invents new names forever. */
const MAX_FRAME_IDS = 500_000;

export function update(state: State, event: ModelEvent): void {
	state.version++;
	switch (event.type) {
		case 'tick':
			onTick(state, event);
			break;
		case 'heap':
			onHeap(state, event.time, event.profile, event.raw);
			break;
		case 'goroutine':
			onGoroutine(state, event.time, event.profile, event.raw);
			break;
		case 'goroutine-leak':
			state.goroutineLeak = {time: event.time, count: event.profile.values.reduce((sum, value) => sum + value, 0)};
			break;
		case 'poll-failed':
			state.failures[event.source] = {time: event.time, message: event.message};
			break;
		case 'mark-baseline':
			markBaseline(state, event.time);
			break;
		case 'note':
			state.note = {time: event.time, text: event.text, level: event.level ?? 'info'};
			break;
	}
}

function succeeded(state: State, time: number, ...sources: PollSource[]): void {
	state.firstGoodTime ??= time;
	state.lastGoodTime = time;
	for (const source of sources) delete state.failures[source];
}

/** Series saved in a snapshot (series.json), for replay: loaded as they were, not re-derived. */
export interface SavedSeries {
	times: number[];
	series: Partial<Record<SeriesName, Array<number | null>>>;
	custom?: Record<string, Array<number | null>>;
	restarts?: number[];
	cmdline?: string;
}

export function restoreSeries(state: State, saved: SavedSeries): void {
	state.version++;
	const value = (v: number | null | undefined) => (typeof v === 'number' ? v : Number.NaN);
	for (let i = 0; i < saved.times.length; i++) {
		state.times.push(saved.times[i]!);
		for (const name of SERIES_NAMES) state.series[name].push(value(saved.series[name]?.[i]));
		for (const [name, ring] of state.custom) ring.push(value(saved.custom?.[name]?.[i]));
	}
	for (const time of saved.restarts ?? []) state.restarts.push(time);
	if (saved.cmdline) state.cmdline = saved.cmdline;
	const last = saved.times.at(-1);
	if (last !== undefined) {
		state.firstGoodTime ??= saved.times[0];
		state.lastGoodTime = last;
		state.lastTickTime = last;
	}
}

function onTick(state: State, event: TickEvent): void {
	const {time, vars, index} = event;
	if (!vars && !index) return;
	succeeded(state, time, ...(vars ? (['vars'] as const) : []), ...(index ? (['index'] as const) : []));
	const mem = vars?.memstats;
	const previous = state.lastMem;
	if (vars) {
		if (mem && previous && restarted(previous, mem)) {
			onRestart(state, time, 'its counters went backwards');
		} else if (vars.cmdline && state.cmdline && vars.cmdline !== state.cmdline) {
			onRestart(state, time, 'its command line changed');
		}
		if (vars.cmdline) state.cmdline = vars.cmdline;
		state.lastVars = {time, raw: event.varsRaw ?? '', vars};
	}
	const prior = state.lastMem; // cleared by a restart
	state.lastTickTime = time;
	state.times.push(time);
	const s = state.series;
	const value = (v: number | undefined) => (v === undefined ? Number.NaN : v);
	// No expvar and no /metrics: heap in use as of the last GC, from the heap profile.
	const fromProfile = !mem && state.heap.latest ? state.heap.latest.profile : undefined;
	s.heapInuse.push(value(mem?.heapInuse ?? (fromProfile && heapTotal(fromProfile, 'inuse_space'))));
	s.heapAlloc.push(value(mem?.heapAlloc));
	s.heapObjects.push(value(mem?.heapObjects ?? (fromProfile && heapTotal(fromProfile, 'inuse_objects'))));
	s.heapSys.push(value(mem?.heapSys));
	s.heapIdle.push(value(mem?.heapIdle));
	s.heapReleased.push(value(mem?.heapReleased));
	s.nextGC.push(value(mem?.nextGC));
	s.sys.push(value(mem?.sys));
	s.gcCpuFraction.push(value(mem?.gcCPUFraction));
	s.gcLastPauseNs.push(mem ? latestPause(mem) : Number.NaN);
	if (mem && prior) {
		const pauses = pausesSince(mem, prior.numGC);
		s.gcCycles.push(mem.numGC - prior.numGC);
		s.gcPauseMaxNs.push(pauses.length > 0 ? Math.max(...pauses) : 0);
	} else {
		s.gcCycles.push(Number.NaN);
		s.gcPauseMaxNs.push(Number.NaN);
	}
	// The pprof index counts goroutines for any service; /metrics has go_goroutines too.
	s.goroutines.push(value(index?.get('goroutine') ?? vars?.goroutines));
	s.threads.push(value(index?.get('threadcreate') ?? vars?.threads));
	const processStats = event.process ?? vars?.process;
	s.rss.push(value(processStats?.rss));
	s.openFds.push(value(processStats?.openFds));
	if (event.source) state.runtimeSource = event.source;
	for (const [name, ring] of state.custom) ring.push(value(vars?.numbers.get(name)));
	if (mem) {
		state.firstMem ??= mem;
		state.lastMem = mem;
	}
	if (index) state.lastIndex = index;
}

/** Cumulative counters only go down when the process started again. */
function restarted(before: MemStats, after: MemStats): boolean {
	return after.numGC < before.numGC || after.totalAlloc < before.totalAlloc || after.mallocs < before.mallocs;
}

function onRestart(state: State, time: number, why: string): void {
	state.restarts.push(time);
	// A NaN row: every plot shows a gap at the restart instead of joining two processes.
	state.times.push(time);
	for (const ring of Object.values(state.series)) ring.push(Number.NaN);
	for (const ring of state.custom.values()) ring.push(Number.NaN);
	state.firstMem = undefined;
	state.lastMem = undefined;
	state.heap = emptyTrack();
	state.goroutines = emptyTrack();
	state.baselineTime = undefined;
	state.note = {time, text: `target restarted (${why}); baseline reset`, level: 'warn'};
}

/** A heap profile's total for one sample type ("inuse_space"); NaN when it has none. */
export function heapTotal(profile: LeafTotals, type: string): number {
	const index = profile.sampleTypes.findIndex((vt) => vt.type === type);
	return index < 0 ? Number.NaN : profile.totals[index]!;
}

function guardFrameIds(state: State, time: number): void {
	if (state.frameIds.size <= MAX_FRAME_IDS) return;
	state.frameIds = new FrameIds();
	state.heap = emptyTrack();
	state.goroutines = emptyTrack();
	state.note = {time, text: 'too many distinct frames: growth history restarted', level: 'warn'};
}

function onHeap(state: State, time: number, profile: LeafTotals, raw: Uint8Array): void {
	succeeded(state, time, 'heap');
	guardFrameIds(state, time);
	const track = state.heap;
	// alloc_space only grows within one process: less than last time is a restart
	// (this catches targets without expvar).
	if (track.latest && heapTotal(profile, 'alloc_space') < heapTotal(track.latest.profile, 'alloc_space')) {
		onRestart(state, time, 'its allocation totals went backwards');
	}
	ingest(state, state.heap, time, profile, raw, heapSites, HEAP_RULE);
	state.baselineTime ??= time;
}

function onGoroutine(state: State, time: number, profile: Profile, raw: Uint8Array): void {
	succeeded(state, time, 'goroutine');
	guardFrameIds(state, time);
	ingest(state, state.goroutines, time, profile, raw, (p) => goroutineGroups(p, state.frameIds), GOROUTINE_RULE);
	state.baselineTime ??= time;
}

function ingest<Info, P extends ProfileSummary>(
	state: State,
	track: ProfileTrack<Info, P>,
	time: number,
	profile: P,
	raw: Uint8Array,
	snapshotOf: (profile: P) => Map<string, SnapshotEntry<Info>>,
	rule: SteadyRule,
): void {
	if (!track.tracker || !sameTypes(track.sampleTypes, profile.sampleTypes)) {
		track.tracker = new Tracker<Info>({window: state.options.profileWindow, valueCount: profile.sampleTypes.length});
		track.sampleTypes = profile.sampleTypes;
		track.baseline = {time, raw, profile};
	}
	const entries = track.snapshot?.profile === profile ? track.snapshot.entries : snapshotOf(profile);
	track.snapshot = {profile, entries};
	track.tracker.ingest(time, entries);
	track.latest = {time, raw, profile};
	keepRecent(track.recent, time, raw);
	const valueIndex = profile.defaultSampleIndex;
	const rows = rankTracked(track.tracker, {
		valueIndex,
		secondaryIndex: companionIndex(profile.sampleTypes, valueIndex),
		primaryIsCount: profile.sampleTypes[valueIndex]?.unit === 'count',
		order: 'growth',
		rule,
	});
	track.rankings.push({time, valueIndex, rows: rows.filter((row) => row.current !== 0 || row.baseline !== 0).slice(0, RANKING_ROWS_KEPT)});
}

/** How far back scrubbing reaches (profiles) and how deep each remembered ranking is. */
const RANKINGS_KEPT = 240;
const RANKING_ROWS_KEPT = 40;

export interface RankingAt<Info> {
	readonly time: number;
	/** The sample type the ranking is by (the profile's default). */
	readonly valueIndex: number;
	readonly rows: ReadonlyArray<Ranked<Info>>;
}

/** Bounds on the raw profiles kept for snapshots: by count and by bytes. */
const RECENT_PROFILES = 24;
const RECENT_BYTES = 32 * 1024 * 1024;

function keepRecent(recent: Array<{time: number; raw: Uint8Array}>, time: number, raw: Uint8Array): void {
	recent.push({time, raw});
	// An unchanged profile is the same buffer: count it once.
	const bytes = () => [...new Set(recent.map((entry) => entry.raw))].reduce((sum, buffer) => sum + buffer.length, 0);
	while (recent.length > RECENT_PROFILES || (recent.length > 2 && bytes() > RECENT_BYTES)) recent.shift();
}

function sameTypes(a: readonly ValueType[], b: readonly ValueType[]): boolean {
	return a.length === b.length && a.every((vt, i) => vt.type === b[i]!.type && vt.unit === b[i]!.unit);
}

function markBaseline(state: State, time: number): void {
	state.heap.tracker?.markBaseline();
	state.goroutines.tracker?.markBaseline();
	if (state.heap.latest) state.heap.baseline = state.heap.latest;
	if (state.goroutines.latest) state.goroutines.baseline = state.goroutines.latest;
	state.baselineTime = time;
	state.note = {time, text: 'baseline marked: growth counts from now', level: 'info'};
}
