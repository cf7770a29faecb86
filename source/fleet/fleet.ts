/**
 * @module Many instances through Prometheus: it has already scraped every
 * process's runtime metrics, so leakwatch asks it (one instant query and one
 * range query per refresh, both at the same time), judges each instance's
 * live heap with the same statistics as a single process, and ranks the
 * fleet by urgency: an instance that will hit its memory limit soonest
 * first. The diagnosis of one is left to the live dashboard (Enter).
 *
 * The order, most urgent first:
 *  1. OOM loops: restarted at least twice in the window, each time near its limit;
 *  2. live heap leaking, with a memory limit: by the time left until Go's
 *     total memory (sys − released) reaches it at the live heap's rate;
 *  3. live heap leaking, no limit known: by the surest rate (rate − its uncertainty);
 *  4. goroutine leaks, then file-descriptor leaks (growth over absolute floors);
 *  5. crash loops (restarts without memory growth);
 *  6. too few samples; 7. new and restarted instances (younger than the
 *     window: a warm-up is not a leak); 8. the rest; 9. gone (seen in the
 *     window, not now; they drop out once the window has passed).
 * A restart starts the instance's window again: points before its start are not judged.
 */
import {judgeLiveHeap} from '../model/model.js';
import {ProfileSeries} from '../model/profile-series.js';
import {TREND_ALPHA, type Judgement, type Verdict} from '../model/verdict.js';
import type {PrometheusClient, Series} from './prometheus-client.js';

export type FleetStatus = 'oom-loop' | 'leaking' | 'goroutine-leak' | 'fd-leak' | 'crash-loop' | 'too few samples' | 'new' | 'restarted' | 'ok' | 'gone';

export interface FleetInstance {
	/** job and instance: two jobs may share an instance label. */
	readonly key: string;
	readonly instance: string;
	readonly job: string;
	/** What the instance is ranked as, and why in words. */
	readonly status: FleetStatus;
	readonly reason: string;
	/** GOMEMLIMIT (or --memory-limit), null when none is known. */
	readonly limitBytes: number | null;
	/** Go's total memory: sys − heap released. */
	readonly usedBytes: number | null;
	/** Seconds until usedBytes reaches the limit at the live heap's rate; null when not leaking or no limit. */
	readonly timeToLimitSeconds: number | null;
	readonly liveHeapBytes: number | null;
	readonly heapVerdict: Verdict;
	readonly heapGrowthBytesPerMinute: number | null;
	readonly heapRateUncertainty: number | null;
	readonly heapInuseBytes: number | null;
	readonly goroutines: number | null;
	readonly goroutineGrowthPerMinute: number | null;
	readonly openFds: number | null;
	readonly openFdGrowthPerMinute: number | null;
	readonly rssBytes: number | null;
	/** Restarts within the window; when the running process started (ms). */
	readonly restarts: number;
	readonly startedAt: number | null;
	/** Higher is more urgent: the list is sorted by it. */
	readonly score: number;
	/** The live heap over the window (since the last start), for the sparkline. */
	readonly heapTrend: readonly number[];
}

export interface FleetSnapshot {
	readonly time: number;
	readonly windowMs: number;
	readonly instances: readonly FleetInstance[];
}

export interface FleetQuery {
	/** A PromQL label selector, `{job="api"}`, or ''. */
	readonly selector: string;
	readonly windowMs: number;
	/** PromQL giving each instance's memory limit in bytes (labels job and instance); default GOMEMLIMIT. */
	readonly memoryLimit?: string;
}

/** Growth over the window below these is not a leak, however steady. */
export const FLEET_FLOORS = {goroutines: 50, fds: 30};
/** Points of the live heap fetched per instance over the window. */
const TREND_POINTS = 24;
/** GOMEMLIMIT's "unset" is MaxInt64; anything near it is no limit. */
const NO_LIMIT = 9e18;

/** `{job="api"}` and a metric name → `go_goroutines{job="api"}`. */
export function withSelector(metric: string, selector: string): string {
	const inner = selector.trim().replace(/^\{|\}$/g, '').trim();
	return inner ? `${metric}{${inner}}` : metric;
}

/** Every instant signal of a refresh in one query, each tagged by a label. */
export function instantQuery({selector, windowMs, memoryLimit}: FleetQuery): string {
	const m = (metric: string) => withSelector(metric, selector);
	const w = `${Math.max(1, Math.round(windowMs / 1000))}s`;
	const signals: Record<string, string> = {
		seen: `last_over_time(${m('go_goroutines')}[${w}])`,
		goroutines: m('go_goroutines'),
		goroutineRate: `deriv(${m('go_goroutines')}[${w}]) * 60`,
		fds: m('process_open_fds'),
		fdRate: `deriv(${m('process_open_fds')}[${w}]) * 60`,
		rss: m('process_resident_memory_bytes'),
		heapInuse: m('go_memstats_heap_inuse_bytes'),
		used: `${m('go_memstats_sys_bytes')} - ${m('go_memstats_heap_released_bytes')}`,
		peakSys: `max_over_time(${m('go_memstats_sys_bytes')}[${w}])`,
		limit: memoryLimit ? `(${memoryLimit})` : `(${m('go_gc_gomemlimit_bytes')} < ${NO_LIMIT})`,
		start: m('process_start_time_seconds'),
		restarts: `changes(${m('process_start_time_seconds')}[${w}])`,
	};
	return Object.entries(signals)
		.map(([name, expression]) => `label_replace(${expression}, "leakwatch_signal", "${name}", "", "")`)
		.join(' or ');
}

/** The live heap after GC: the runtime's own figure where served, else the GC goal over 2 (GOGC=100). */
export function liveHeapQuery(selector: string): string {
	return `(${withSelector('go_gc_heap_live_bytes', selector)} + 0) or (${withSelector('go_memstats_next_gc_bytes', selector)} / 2)`;
}

export async function fleetSnapshot(client: PrometheusClient, query: FleetQuery, now = Date.now()): Promise<FleetSnapshot> {
	const step = Math.max(1000, Math.round(query.windowMs / TREND_POINTS));
	const [signals, live] = await Promise.all([client.query(instantQuery(query), now), client.queryRange(liveHeapQuery(query.selector), now - query.windowMs, now, step)]);
	return {time: now, windowMs: query.windowMs, instances: rankFleet(signals, live, now, query.windowMs)};
}

interface Gathered {
	instance: string;
	job: string;
	values: Record<string, number>;
	live: Array<[number, number]>;
}

/** Query results → one row per instance, the most urgent first. Pure. */
export function rankFleet(signals: readonly Series[], live: readonly Series[], now: number, windowMs: number): FleetInstance[] {
	const rows = new Map<string, Gathered>();
	const row = (series: Series) => {
		const instance = series.labels.instance ?? '?';
		const job = series.labels.job ?? '';
		const key = `${job}/${instance}`;
		let found = rows.get(key);
		if (!found) rows.set(key, (found = {instance, job, values: {}, live: []}));
		return found;
	};
	for (const series of signals) {
		const name = series.labels.leakwatch_signal;
		const value = series.values[0]?.[1];
		if (name && value !== undefined && Number.isFinite(value)) row(series).values[name] = value;
	}
	for (const series of live) {
		// Only instances the instant query saw: a trend alone is an instance long gone.
		const key = `${series.labels.job ?? ''}/${series.labels.instance ?? '?'}`;
		if (rows.has(key)) rows.get(key)!.live = series.values.filter(([, value]) => Number.isFinite(value)) as Array<[number, number]>;
	}
	const judged = [...rows.entries()].map(([key, gathered]) => judgeInstance(key, gathered, now, windowMs, rows.size));
	judged.sort((a, b) => a.band - b.band || a.order - b.order || (a.row.key < b.row.key ? -1 : 1));
	return judged.map(({row}, index) => ({...row, score: judged.length - index}));
}

/**
 * The single-process test calls about 1.5 in 10,000 flat, noisy series
 * leaking; over a fleet of thousands that is a false leak in most refreshes.
 * Across the fleet a leak must be significant at 1% over the fleet's size
 * (Bonferroni): a steady leak over a window of 24 points clears that by far,
 * a rise of a few noise widths is left as "too few samples".
 */
function chance(judged: Judgement, fleetSize: number): Judgement {
	if (judged.verdict !== 'leaking' || judged.pRising < TREND_ALPHA / Math.max(1, fleetSize)) return judged;
	return {...judged, verdict: 'too few samples', reason: `rising, but across ${fleetSize} instances a rise this weak (Mann–Kendall p = ${judged.pRising.toPrecision(2)}) can be chance: a longer --window`};
}

interface Judged {
	row: Omit<FleetInstance, 'score'>;
	band: number;
	/** Within the band, lower first. */
	order: number;
}

function judgeInstance(key: string, {instance, job, values, live}: Gathered, now: number, windowMs: number, fleetSize: number): Judged {
	const value = (name: string): number | null => (name in values ? values[name]! : null);
	const present = value('goroutines') !== null;
	const startSeconds = value('start');
	const startedAt = startSeconds === null ? null : startSeconds * 1000;
	const restarts = Math.round(value('restarts') ?? 0);
	const limit = value('limit');
	const used = value('used');
	// Judge the running process only: a restart begins its window again.
	const points = new ProfileSeries(1);
	for (const [time, heap] of live) if (startedAt === null || time >= startedAt) points.push(time, [heap]);
	const judged = judgeLiveHeap(points, 'a longer --window');
	// One point or none is no verdict at all (the single-process model calls that flat: not here).
	const heap =
		points.length < 2
			? {...judged, verdict: 'too few samples' as const, reason: points.length === 0 ? 'no live heap series (go_memstats_next_gc_bytes)' : 'one point so far'}
			: chance(judged, fleetSize);
	const rate = Number.isFinite(heap.ratePerMinute) ? heap.ratePerMinute : null;
	const leaking = heap.verdict === 'leaking' && rate !== null && rate > 0;
	const headroom = limit !== null && used !== null ? Math.max(0, limit - used) : null;
	const timeToLimit = leaking && headroom !== null ? (headroom / rate!) * 60 : null;
	const windowMinutes = windowMs / 60_000;
	const goroutineRate = value('goroutineRate');
	const fdRate = value('fdRate');
	const young = startedAt !== null && now - startedAt < windowMs;
	const goroutineLeak = !young && goroutineRate !== null && goroutineRate * windowMinutes >= FLEET_FLOORS.goroutines;
	const fdLeak = !young && fdRate !== null && fdRate * windowMinutes >= FLEET_FLOORS.fds;
	const peakSys = value('peakSys');
	const oomLoop = restarts >= 2 && limit !== null && peakSys !== null && peakSys >= 0.85 * limit;

	const row = {
		key,
		instance,
		job,
		limitBytes: limit,
		usedBytes: used,
		timeToLimitSeconds: timeToLimit === null ? null : Math.round(timeToLimit),
		liveHeapBytes: points.length > 0 ? points.values[points.length - 1]! : null,
		heapVerdict: heap.verdict,
		heapGrowthBytesPerMinute: rate === null ? null : Math.round(rate),
		heapRateUncertainty: Number.isFinite(heap.rateUncertainty) ? Math.round(heap.rateUncertainty) : null,
		heapInuseBytes: value('heapInuse'),
		goroutines: value('goroutines'),
		goroutineGrowthPerMinute: goroutineRate === null ? null : round1(goroutineRate),
		openFds: value('fds'),
		openFdGrowthPerMinute: fdRate === null ? null : round1(fdRate),
		rssBytes: value('rss'),
		restarts,
		startedAt,
		heapTrend: points.values.map(Math.round),
	};
	const ranked = (band: number, order: number, status: FleetStatus, reason: string): Judged => ({row: {...row, status, reason}, band, order});
	if (!present) return ranked(9, 0, 'gone', 'seen in the window, not scraped now');
	if (oomLoop) return ranked(0, -restarts, 'oom-loop', `restarted ${restarts} times in the window, near its memory limit each time`);
	if (restarts >= 2) return ranked(5, -restarts, 'crash-loop', `restarted ${restarts} times in the window`);
	if (young) return ranked(7, -(startedAt ?? 0), restarts === 0 ? 'new' : 'restarted', `${restarts === 0 ? 'started' : 'restarted'} ${ago(now - startedAt!)} ago: a warm-up is not a leak`);
	if (leaking && timeToLimit !== null) return ranked(1, timeToLimit, 'leaking', `live heap ${heap.reason}; hits its memory limit in ~${ago(timeToLimit * 1000)}`);
	if (leaking) return ranked(2, -(rate! - (row.heapRateUncertainty ?? 0)), 'leaking', `live heap ${heap.reason}; no memory limit known`);
	if (goroutineLeak) return ranked(3, -goroutineRate!, 'goroutine-leak', `goroutines growing ${round1(goroutineRate! * 60)}/h`);
	if (fdLeak) return ranked(4, -fdRate!, 'fd-leak', `open files growing ${round1(fdRate! * 60)}/h`);
	if (heap.verdict === 'too few samples') return ranked(6, -(rate ?? 0), 'too few samples', `live heap: ${heap.reason}`);
	// The rest: nearest its limit first, then the largest.
	return ranked(8, headroom !== null ? headroom / Math.max(1, limit!) : 1 + 1 / Math.max(1, row.liveHeapBytes ?? 1), 'ok', `live heap ${heap.verdict}${heap.verdict === 'flat' ? '' : `: ${heap.reason}`}`);
}

function round1(value: number): number {
	return Math.round(value * 10) / 10;
}

/** 2h40m, 35m, 50s. */
export function ago(ms: number): string {
	const minutes = Math.round(ms / 60_000);
	if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))}s`;
	if (minutes < 60) return `${minutes}m`;
	if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h${minutes % 60 ? `${String(minutes % 60).padStart(2, '0')}m` : ''}`;
	return `${Math.round(minutes / 1440)}d`;
}

/** "10.0.0.7:9100" → the instance's pprof URL, on another port when the scrape port is not it. */
export function instanceUrl(instance: string, pprofPort: number | undefined, scheme = 'http'): string {
	const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(instance);
	const host = match?.[1] ?? instance;
	const port = pprofPort ?? (match?.[2] ? Number(match[2]) : undefined);
	return `${scheme}://${host}${port ? `:${port}` : ''}`;
}
