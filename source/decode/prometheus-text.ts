/**
 * @module The Prometheus text exposition format (what client_golang serves on
 * /metrics), for services that expose metrics but not expvar. Only what
 * leakwatch uses is kept; malformed lines are skipped, as Prometheus itself
 * would reject them rather than the whole page.
 */
import {LeakwatchError} from '../errors.js';
import {safeText} from './sanitize.js';
import {gcCount, type MemStats, type Vars} from './expvar.js';

export interface MetricSample {
	readonly labels: Readonly<Record<string, string>>;
	readonly value: number;
}

export type Metrics = ReadonlyMap<string, readonly MetricSample[]>;

/** A hostile or huge page cannot make us keep more than this. */
const MAX_SAMPLES = 50_000;
const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+-?\d+)?\s*$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;

export function decodeMetrics(body: string, what: string): Metrics {
	const trimmed = body.trimStart();
	if (trimmed.startsWith('<') || trimmed.startsWith('{')) {
		throw new LeakwatchError('bad-content', `${what} is not the Prometheus text format (got ${trimmed.startsWith('<') ? 'HTML' : 'JSON'})`);
	}
	const metrics = new Map<string, MetricSample[]>();
	let count = 0;
	for (const line of body.split('\n')) {
		if (line === '' || line.startsWith('#') || line.length > 10_000) continue;
		const match = LINE.exec(line);
		if (!match) continue;
		const value = parseValue(match[3]!);
		if (value === undefined) continue;
		const labels = parseLabels(match[2]);
		if (!labels) continue;
		const name = match[1]!;
		let samples = metrics.get(name);
		if (!samples) {
			samples = [];
			metrics.set(name, samples);
		}
		samples.push({labels, value});
		if (++count >= MAX_SAMPLES) break;
	}
	if (metrics.size === 0 && body.trim() !== '') {
		throw new LeakwatchError('bad-content', `${what} is not the Prometheus text format (no metric lines)`);
	}
	return metrics;
}

function parseValue(text: string): number | undefined {
	if (text === '+Inf') return Number.POSITIVE_INFINITY;
	if (text === '-Inf') return Number.NEGATIVE_INFINITY;
	if (text === 'NaN') return Number.NaN;
	const value = Number(text);
	return Number.isNaN(value) ? undefined : value;
}

function parseLabels(text: string | undefined): Record<string, string> | undefined {
	const labels: Record<string, string> = {};
	if (!text) return labels;
	const inner = text.slice(1, -1);
	LABEL.lastIndex = 0;
	let end = 0;
	for (let match = LABEL.exec(inner); match; match = LABEL.exec(inner)) {
		labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
		end = LABEL.lastIndex;
	}
	return inner.slice(end).trim() === '' ? labels : undefined;
}

/** The value of a metric without labels (or of its first sample); NaN when absent. */
export function metricValue(metrics: Metrics, name: string, labels: Record<string, string> = {}): number {
	const samples = metrics.get(name);
	if (!samples) return Number.NaN;
	const wanted = Object.entries(labels);
	const sample = samples.find((s) => wanted.every(([key, value]) => s.labels[key] === value)) ?? (wanted.length === 0 ? samples[0] : undefined);
	return sample ? sample.value : Number.NaN;
}

/**
 * client_golang's runtime metrics → the same Vars the expvar path produces, so
 * every view works the same on either source. What /metrics lacks (the pause
 * ring, the command line) stays empty.
 */
export function metricsToVars(metrics: Metrics): Vars {
	const m = (name: string) => metricValue(metrics, name);
	const memstats: MemStats = {
		heapInuse: m('go_memstats_heap_inuse_bytes'),
		heapAlloc: m('go_memstats_heap_alloc_bytes'),
		heapObjects: m('go_memstats_heap_objects'),
		heapSys: m('go_memstats_heap_sys_bytes'),
		heapIdle: m('go_memstats_heap_idle_bytes'),
		heapReleased: m('go_memstats_heap_released_bytes'),
		stackInuse: m('go_memstats_stack_inuse_bytes'),
		sys: m('go_memstats_sys_bytes'),
		nextGC: m('go_memstats_next_gc_bytes'),
		numGC: gcCount(m('go_gc_duration_seconds_count')),
		numForcedGC: Number.NaN,
		pauseTotalNs: m('go_gc_duration_seconds_sum') * 1e9,
		gcCPUFraction: m('go_memstats_gc_cpu_fraction'),
		totalAlloc: m('go_memstats_alloc_bytes_total'),
		mallocs: m('go_memstats_mallocs_total'),
		frees: m('go_memstats_frees_total'),
		lastGCMs: m('go_memstats_last_gc_time_seconds') * 1000,
		pauseNs: [],
	};
	const numbers = new Map<string, number>();
	for (const [name, samples] of metrics) {
		// Metrics without labels can be plotted with --var NAME, as expvar vars can.
		const plain = samples.find((s) => Object.keys(s.labels).length === 0);
		if (plain && Number.isFinite(plain.value)) numbers.set(safeText(name), plain.value);
	}
	const byState = new Map<string, number>();
	for (const state of ['running', 'runnable', 'waiting', 'not_in_go']) {
		const value = m(`go_sched_goroutines_${state}_goroutines`);
		if (Number.isFinite(value)) byState.set(state.replace(/_/g, '-'), value);
	}
	const present = Object.values(memstats).some((v) => typeof v === 'number' && Number.isFinite(v));
	return {
		memstats: present ? memstats : undefined,
		cmdline: '',
		numbers,
		goroutines: m('go_goroutines'),
		threads: m('go_threads'),
		process: {rss: m('process_resident_memory_bytes'), openFds: m('process_open_fds')},
		runtime: {
			liveHeap: m('go_gc_heap_live_bytes'),
			memoryLimit: m('go_gc_gomemlimit_bytes'),
			gogc: m('go_gc_gogc_percent'),
			goroutinesByState: byState,
			startTimeMs: m('process_start_time_seconds') * 1000,
		},
	};
}
