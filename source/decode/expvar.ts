/**
 * @module /debug/vars (expvar) as plain data: runtime.MemStats, the command
 * line, and the service's own numeric vars, every string sanitised and every
 * loop bounded (NumGC is a uint32 however large the number sent).
 */
import {LeakwatchError} from '../errors.js';
import {safeText} from './sanitize.js';

/** runtime.MemStats fields leakwatch reads; absent ones are NaN. */
export interface MemStats {
	readonly heapInuse: number;
	readonly heapAlloc: number;
	readonly heapObjects: number;
	readonly heapSys: number;
	readonly heapIdle: number;
	readonly heapReleased: number;
	readonly stackInuse: number;
	readonly sys: number;
	readonly nextGC: number;
	readonly numGC: number;
	readonly numForcedGC: number;
	readonly pauseTotalNs: number;
	readonly gcCPUFraction: number;
	readonly totalAlloc: number;
	readonly mallocs: number;
	readonly frees: number;
	/** ms since the epoch (LastGC is ns > 2^53: approximate), NaN when no GC yet. */
	readonly lastGCMs: number;
	/** The runtime's ring of the last 256 pause durations (ns). */
	readonly pauseNs: readonly number[];
}

export interface Vars {
	readonly memstats: MemStats | undefined;
	/** Sanitised, joined with spaces. */
	readonly cmdline: string;
	/** The service's own numeric vars, by dotted path ("cache.entries"), sanitised keys. */
	readonly numbers: ReadonlyMap<string, number>;
	/** From /metrics only (expvar has neither): go_goroutines, go_threads. */
	readonly goroutines?: number;
	readonly threads?: number;
	/** The process as the OS sees it: from /metrics (process_*) or /proc. */
	readonly process?: ProcessStats;
	/** Go runtime/metrics, where /metrics exposes them (client_golang's Go collector). */
	readonly runtime?: RuntimeMetrics;
}

/** Absent ones are NaN. */
export interface RuntimeMetrics {
	/** /gc/heap/live:bytes: the heap marked live by the last GC. */
	readonly liveHeap: number;
	/** /gc/gomemlimit:bytes (GOMEMLIMIT); MaxInt64 when unset. */
	readonly memoryLimit: number;
	/** /gc/gogc:percent (GOGC). */
	readonly gogc: number;
	/** Go 1.26's /sched/goroutines/{running,runnable,waiting,not-in-go}:goroutines, by state. */
	readonly goroutinesByState: ReadonlyMap<string, number>;
	/** process_start_time_seconds, as ms since the epoch. */
	readonly startTimeMs: number;
}

export interface ProcessStats {
	/** Resident set size, bytes. */
	readonly rss: number;
	readonly openFds: number;
	/** From /proc, for targets whose vars do not say. */
	readonly cmdline?: string;
}

/** Enough for any real service; a hostile one cannot make us keep more. */
const MAX_NUMBERS = 2000;
const MAX_DEPTH = 6;
const MAX_UINT32 = 2 ** 32 - 1;

/** A GC count as Go keeps it (uint32); anything else did not come from a Go runtime and reads as unknown. */
export function gcCount(value: number): number {
	return Number.isInteger(value) && value >= 0 && value <= MAX_UINT32 ? value : Number.NaN;
}

/** The body of /debug/vars → Vars. Pure. */
export function decodeVars(body: string, what: string): Vars {
	if (body.charCodeAt(0) === 0x1f) throw new LeakwatchError('bad-content', `${what} is gzip-compressed without saying so (no Content-Encoding); is a proxy compressing it?`);
	let json: unknown;
	try {
		json = JSON.parse(body);
	} catch (error) {
		if (error instanceof RangeError) throw new LeakwatchError('bad-content', `${what} is JSON nested too deeply to be expvar`);
		const head = body.trimStart().slice(0, 100);
		const kind = /^<(!doctype|html|head|body)/i.test(head) ? 'got HTML' : body.trim() === '' ? 'got an empty body' : `starts with "${safeText(head.split('\n')[0]!.slice(0, 40))}"`;
		throw new LeakwatchError('bad-content', `${what} is not JSON (${kind}); is something else mounted at that path?`);
	}
	if (typeof json !== 'object' || json === null || Array.isArray(json)) {
		throw new LeakwatchError('bad-content', `${what} is JSON but not an expvar object`);
	}
	const root = json as Record<string, unknown>;
	const numbers = new Map<string, number>();
	for (const [key, value] of Object.entries(root)) {
		if (key === 'memstats' || key === 'cmdline') continue;
		collectNumbers(value, safeText(key), numbers, 1);
	}
	return {
		memstats: decodeMemStats(root.memstats),
		// os.Args: strings only (a nested value is not a command line, and printing one could recurse without end).
		cmdline: Array.isArray(root.cmdline) ? safeText(root.cmdline.slice(0, 256).filter((arg) => typeof arg === 'string').join(' ')) : '',
		numbers,
	};
}

function collectNumbers(value: unknown, path: string, into: Map<string, number>, depth: number): void {
	if (into.size >= MAX_NUMBERS) return;
	if (typeof value === 'number' && Number.isFinite(value)) {
		into.set(path, value);
	} else if (typeof value === 'object' && value !== null && !Array.isArray(value) && depth < MAX_DEPTH) {
		for (const [key, child] of Object.entries(value)) collectNumbers(child, `${path}.${safeText(key)}`, into, depth + 1);
	}
}

function decodeMemStats(value: unknown): MemStats | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const m = value as Record<string, unknown>;
	const num = (key: string): number => (typeof m[key] === 'number' ? (m[key] as number) : Number.NaN);
	const lastGC = num('LastGC');
	// An index past 2^53 would never advance in a loop (gc++ leaves it where it was).
	const numGC = num('NumGC');
	return {
		heapInuse: num('HeapInuse'),
		heapAlloc: num('HeapAlloc'),
		heapObjects: num('HeapObjects'),
		heapSys: num('HeapSys'),
		heapIdle: num('HeapIdle'),
		heapReleased: num('HeapReleased'),
		stackInuse: num('StackInuse'),
		sys: num('Sys'),
		nextGC: num('NextGC'),
		numGC: gcCount(numGC),
		numForcedGC: num('NumForcedGC'),
		pauseTotalNs: num('PauseTotalNs'),
		gcCPUFraction: num('GCCPUFraction'),
		totalAlloc: num('TotalAlloc'),
		mallocs: num('Mallocs'),
		frees: num('Frees'),
		lastGCMs: lastGC > 0 ? lastGC / 1e6 : Number.NaN,
		pauseNs: Array.isArray(m.PauseNs) ? m.PauseNs.slice(0, 256).map(numberOrZero) : [],
	};
}


/**
 * Pauses of the GCs numbered (previousNumGC, numGC] from the runtime's ring,
 * oldest first; at most 256. The loop runs over a count of ring slots, never
 * over GC numbers the target sent.
 */
export function pausesSince(stats: MemStats, previousNumGC: number): number[] {
	const ring = stats.pauseNs;
	const last = stats.numGC;
	if (ring.length !== 256 || !Number.isInteger(last) || !Number.isInteger(previousNumGC)) return [];
	const count = Math.min(256, last - Math.max(0, previousNumGC));
	const pauses: number[] = [];
	for (let k = count - 1; k >= 0; k--) pauses.push(ring[(last - k + 255) % 256]!);
	return pauses;
}

/** The latest GC pause (ns), NaN before the first GC. */
export function latestPause(stats: MemStats): number {
	if (!(stats.numGC > 0) || stats.pauseNs.length !== 256) return Number.NaN;
	return stats.pauseNs[(stats.numGC + 255) % 256]!;
}

// Module level, not an arrow per call: it runs on every poll, and V8 keeps its optimised code.
function numberOrZero(value: unknown): number {
	return typeof value === 'number' ? value : 0;
}
