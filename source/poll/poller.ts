/**
 * @module Polls one target on its clocks: the cheap endpoints (/debug/vars and
 * the pprof index) often; the heap profile less often, and only after a GC
 * (before one it would be the same); the goroutine profile less often still as
 * the goroutine count grows; Go 1.26's goroutineleak profile rarely (each
 * fetch runs a leak-detecting GC on the target). Each loop awaits its own
 * request before sleeping, so requests never overlap, and the profile loops
 * take turns. Profiles are decoded in the decode thread. Failures back off
 * and become events: they never stop polling.
 */
import {describeError} from '../errors.js';
import type {Decoder} from '../decode/decoder.js';
import type {GoroutineSummary} from '../decode/goroutine-groups.js';
import type {HeapSummary} from '../decode/heap-sites.js';
import type {ModelEvent, PollSource} from '../model/model.js';
import type {TargetClient} from '../target/client.js';
import {processStats} from '../target/proc.js';
import {runtimeReader} from './runtime-source.js';

export interface PollSchedule {
	intervalMs: number;
	profileIntervalMs: number;
	goroutineIntervalMs: number;
	/** How often to ask the runtime's own leak detector, when the target serves it; never when undefined. */
	leakIntervalMs?: number;
	/** Fetch the heap profile with gc=1 (forces a GC on the target): only when the user asked. */
	forceGC?: boolean;
	/** Wait one interval before the first poll of each loop (the caller already polled once). */
	delayFirst?: boolean;
	/** A local process to read RSS and open files of from /proc (found later: read each time). */
	pid?: () => number | undefined;
}

export interface Poller {
	/** Stops every loop and waits for in-flight requests to end. */
	stop(): Promise<void>;
	/** Fetches a heap profile now, out of schedule; gc=1 when asked (`g g`). */
	fetchHeapNow(options: {gc: boolean}): Promise<void>;
	/** Asks the runtime's leak detector now (check does at its end); false when the target does not serve it. */
	fetchLeakNow(): Promise<boolean>;
}

export type Clock = () => number;

/**
 * A profile fetch may take at most 5% of wall time. The fetch's duration bounds
 * what the target spent serving it from above (most of it is transfer and our
 * side); a target whose profiles are slow to make gets asked less often.
 */
const MAX_DUTY = 0.05;
/** Beyond this many goroutines the goroutine profile gets rarer in proportion. */
const GOROUTINES_AT_BASE_RATE = 10_000;
const MAX_PROFILE_INTERVAL_MS = 10 * 60_000;
/** Even with no GC seen, fetch the heap profile again at least this often. */
const HEAP_REFETCH_MS = 60_000;

export function startPolling(client: TargetClient, decoder: Decoder, schedule: PollSchedule, emit: (event: ModelEvent) => void, now: Clock = Date.now): Poller {
	const controller = new AbortController();
	const {signal} = controller;
	let turn: Promise<unknown> = Promise.resolve();
	let goroutineCount = 0;
	let openFds = 0;
	let numGC: number | undefined;
	let heapNumGC: number | undefined;
	let heapFetchedAt = 0;
	let servesLeakProfile = false;
	const maxInflated = client.config.maxBytes * 4;
	const previous: {heap?: {raw: Buffer; summary: HeapSummary}; goroutine?: {raw: Buffer; summary: GoroutineSummary}} = {};

	// The profile loops (and `g g`) queue here: never two profile requests at once.
	const takeTurn = <T>(work: () => Promise<T>): Promise<T> => {
		const result = turn.then(work);
		turn = result.catch(() => undefined);
		return result;
	};

	const fail = (source: PollSource, error: unknown) => {
		if (!signal.aborted) emit({type: 'poll-failed', time: now(), source, message: describeError(error)});
	};

	const runtime = runtimeReader(client, client.config.source, now);
	const tick = async (): Promise<boolean> => {
		const pid = schedule.pid?.();
		const [read, index, process] = await Promise.allSettled([runtime.read(signal), client.index(signal), pid === undefined ? Promise.resolve(undefined) : processStats(pid, openFds)]);
		if (signal.aborted) return false;
		if (read.status === 'rejected') fail('vars', read.reason);
		if (index.status === 'rejected') {
			fail('index', index.reason);
			runtime.reset();
		}
		const event: ModelEvent = {type: 'tick', time: now()};
		const fetched = read.status === 'fulfilled' ? read.value.fetched : undefined;
		if (read.status === 'fulfilled') event.source = read.value.source;
		if (fetched) {
			event.vars = fetched.vars;
			event.varsRaw = fetched.raw;
		}
		numGC = fetched?.vars.memstats?.numGC;
		if (numGC !== undefined && !Number.isFinite(numGC)) numGC = undefined;
		if (process.status === 'fulfilled' && process.value) {
			event.process = process.value;
			openFds = process.value.openFds;
		}
		if (index.status === 'fulfilled') {
			event.index = index.value;
			goroutineCount = index.value.get('goroutine') ?? goroutineCount;
			servesLeakProfile = index.value.has('goroutineleak');
		}
		emit(event);
		return fetched !== undefined || index.status === 'fulfilled';
	};

	const fetchHeap = async (gc: boolean): Promise<number> => {
		// No GC since the last heap profile: it would be the same. Spare the target.
		if (!gc && previous.heap && numGC !== undefined && numGC === heapNumGC && now() - heapFetchedAt < HEAP_REFETCH_MS) return 0;
		const gcBefore = numGC;
		const started = now();
		const {raw, what} = await takeTurn(() => client.profile('heap', {gc, signal}));
		const elapsed = now() - started;
		const summary = previous.heap && previous.heap.raw.equals(raw) ? previous.heap.summary : await decoder.heap({bytes: raw, maxBytes: maxInflated, what});
		if (signal.aborted) return elapsed;
		heapNumGC = gc ? undefined : gcBefore;
		heapFetchedAt = now();
		previous.heap = {raw, summary};
		emit({type: 'heap', time: now(), raw, summary});
		return elapsed;
	};

	const fetchGoroutines = async (): Promise<number> => {
		const started = now();
		const {raw, what} = await takeTurn(() => client.profile('goroutine', {signal}));
		const elapsed = now() - started;
		const summary = previous.goroutine && previous.goroutine.raw.equals(raw) ? previous.goroutine.summary : await decoder.goroutines({bytes: raw, maxBytes: maxInflated, what});
		if (signal.aborted) return elapsed;
		previous.goroutine = {raw, summary};
		emit({type: 'goroutine', time: now(), raw, summary});
		return elapsed;
	};

	const fetchLeak = async (): Promise<boolean> => {
		if (!servesLeakProfile) return false;
		try {
			const {raw, what} = await takeTurn(() => client.profile('goroutineleak', {signal}));
			const summary = await decoder.goroutines({bytes: raw, maxBytes: maxInflated, what});
			if (!signal.aborted) emit({type: 'goroutine-leak', time: now(), summary});
		} catch (error) {
			fail('goroutine', error);
		}
		return true;
	};

	const first = schedule.delayFirst ? (ms: number) => ms : () => 0;
	const loops = [
		loop(signal, first(schedule.intervalMs), schedule.intervalMs, async () => ((await tick()) ? schedule.intervalMs : undefined)),
		loop(
			signal,
			first(schedule.profileIntervalMs),
			schedule.profileIntervalMs,
			async () => Math.max(schedule.profileIntervalMs, (await fetchHeap(schedule.forceGC ?? false)) / MAX_DUTY),
			(error) => fail('heap', error),
		),
		loop(
			signal,
			first(schedule.goroutineIntervalMs),
			schedule.goroutineIntervalMs,
			async () => {
				const elapsed = await fetchGoroutines();
				const byCount = schedule.goroutineIntervalMs * Math.max(1, goroutineCount / GOROUTINES_AT_BASE_RATE);
				return Math.min(MAX_PROFILE_INTERVAL_MS, Math.max(schedule.goroutineIntervalMs, elapsed / MAX_DUTY, byCount));
			},
			(error) => fail('goroutine', error),
		),
	];
	const leakMs = schedule.leakIntervalMs;
	// The leak detector waits a whole interval first: by then the index says whether it is served.
	if (leakMs !== undefined) {
		loops.push(
			loop(signal, leakMs, leakMs, async () => {
				await fetchLeak();
				return leakMs;
			}),
		);
	}

	return {
		async stop() {
			controller.abort();
			await Promise.allSettled(loops);
		},
		async fetchHeapNow({gc}) {
			try {
				await fetchHeap(gc);
			} catch (error) {
				fail('heap', error);
			}
		},
		fetchLeakNow: fetchLeak,
	};
}

/**
 * Runs `once` until aborted. `once` returns the delay before the next run, or
 * undefined for "failed, back off" (so does a throw, reported through onError).
 */
async function loop(signal: AbortSignal, firstDelayMs: number, baseMs: number, once: () => Promise<number | undefined>, onError?: (error: unknown) => void): Promise<void> {
	await sleep(firstDelayMs, signal);
	let failures = 0;
	while (!signal.aborted) {
		let delay: number | undefined;
		try {
			delay = await once();
		} catch (error) {
			onError?.(error);
		}
		if (delay === undefined) delay = backoff(baseMs, ++failures);
		else failures = 0;
		await sleep(delay, signal);
	}
}

/** Doubles per consecutive failure, up to max(10 s, 5 intervals). */
export function backoff(baseMs: number, failures: number): number {
	const cap = Math.max(10_000, baseMs * 5);
	return Math.min(cap, baseMs * 2 ** Math.min(failures, 20));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve();
		// setTimeout takes at most 2^31-1 ms (and fires at once past that).
		const timer = setTimeout(done, Math.min(ms, 2 ** 31 - 1));
		function done() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
		signal?.addEventListener('abort', done, {once: true});
	});
}
