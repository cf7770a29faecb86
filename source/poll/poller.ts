import {describeError} from '../errors.js';
import type {ModelEvent, PollSource} from '../model/state.js';
import type {FetchedProfile, TargetClient} from '../target/client.js';
import {processStats} from '../target/proc.js';
import type {DecodedProfiles} from '../decode/profile-kinds.js';
import {runtimeReader} from './runtime-source.js';

/**
 * Polls one target on three clocks: the cheap endpoints (/debug/vars and the
 * pprof index) often, the heap profile less often, the goroutine profile less
 * often still as the goroutine count grows. Each loop awaits its own request
 * before sleeping, so requests to an endpoint never overlap, and the two
 * profile loops take turns. Failures back off and become events: they never
 * stop polling.
 */
export interface PollSchedule {
	intervalMs: number;
	profileIntervalMs: number;
	goroutineIntervalMs: number;
	/** Fetch the heap profile with gc=1 (forces a GC on the target): only when the user asked. */
	forceGC?: boolean;
	/** Wait one interval before the first poll of each loop (the caller already polled once). */
	delayFirst?: boolean;
	/** A local process to read RSS and open files of from /proc. */
	pid?: number;
}

export interface Poller {
	/** Stops every loop and waits for in-flight requests to end. */
	stop(): Promise<void>;
	/** Fetches a heap profile now, out of schedule (the `g` key); gc=1 when asked. */
	fetchHeapNow(options: {gc: boolean}): Promise<void>;
}

export type Clock = () => number;

/** A profile poll may use at most 1% of wall time on the target. */
const MAX_DUTY = 0.01;
/** Beyond this many goroutines the goroutine profile gets rarer in proportion. */
const GOROUTINES_AT_BASE_RATE = 10_000;
const MAX_PROFILE_INTERVAL_MS = 10 * 60_000;
/** Even with no GC seen, fetch the heap profile again at least this often. */
const HEAP_REFETCH_MS = 60_000;

export function startPolling(client: TargetClient, schedule: PollSchedule, emit: (event: ModelEvent) => void, now: Clock = Date.now): Poller {
	const controller = new AbortController();
	const {signal} = controller;
	let profileTurn: Promise<void> = Promise.resolve();
	let goroutineCount = 0;
	let openFds = 0;
	const previous: {[K in 'heap' | 'goroutine']?: FetchedProfile<DecodedProfiles[K]>} = {};
	// The heap profile only changes when a GC completes: with NumGC from /debug/vars we can
	// tell when fetching it again would bring the same bytes.
	let numGC: number | undefined;
	let heapNumGC: number | undefined;
	let heapFetchedAt = 0;
	// Go 1.26+ may serve the runtime's own leak detector as a profile: use it when listed.
	let servesLeakProfile = false;

	// The two profile loops (and `g`) queue here: never two profile requests at once.
	const takeTurn = <T>(work: () => Promise<T>): Promise<T> => {
		const result = profileTurn.then(work);
		profileTurn = result.then(
			() => undefined,
			() => undefined,
		);
		return result;
	};

	const fail = (source: PollSource, error: unknown) => {
		if (!signal.aborted) emit({type: 'poll-failed', time: now(), source, message: describeError(error)});
	};

	const runtime = runtimeReader(client, client.config.source, now);
	const tick = async (): Promise<boolean> => {
		const [read, index, process] = await Promise.allSettled([
			runtime.read(signal),
			client.index(signal),
			schedule.pid === undefined ? Promise.resolve(undefined) : processStats(schedule.pid, openFds),
		]);
		if (signal.aborted) return false;
		const time = now();
		if (read.status === 'rejected') fail('vars', read.reason);
		if (index.status === 'rejected') {
			fail('index', index.reason);
			runtime.reset();
		}
		const event: ModelEvent = {type: 'tick', time};
		const fetched = read.status === 'fulfilled' ? read.value.fetched : undefined;
		if (read.status === 'fulfilled') event.source = read.value.source;
		if (fetched) {
			event.vars = fetched.vars;
			event.varsRaw = fetched.raw;
			numGC = fetched.vars.memstats?.numGC;
		} else {
			numGC = undefined;
		}
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

	const fetchProfile = async <K extends 'heap' | 'goroutine'>(kind: K, gc = false): Promise<number> => {
		const last = previous[kind] as FetchedProfile<DecodedProfiles[K]> | undefined;
		if (kind === 'heap' && !gc && last && numGC !== undefined && numGC === heapNumGC && now() - heapFetchedAt < HEAP_REFETCH_MS) {
			// No GC since the last heap profile: it would be the same. Record the point, spare the target.
			emitProfile(kind, last);
			return 0;
		}
		const gcBefore = numGC;
		const started = now();
		// The same bytes as last time come back as the same object: the model skips re-ranking.
		const fetched = await takeTurn(() => client.profile(kind, {gc, signal, previous: last}));
		const elapsed = now() - started;
		if (signal.aborted) return elapsed;
		if (kind === 'heap') {
			heapNumGC = gc ? undefined : gcBefore;
			heapFetchedAt = now();
		}
		previous[kind] = fetched as (typeof previous)[K];
		emitProfile(kind, fetched);
		return elapsed;
	};

	const fetchLeakProfile = async (): Promise<number> => {
		const started = now();
		try {
			const fetched = await takeTurn(() => client.profile('goroutineleak', {signal}));
			if (!signal.aborted) emit({type: 'goroutine-leak', time: now(), profile: fetched.profile});
		} catch (error) {
			fail('goroutine', error);
		}
		return now() - started;
	};

	const emitProfile = <K extends 'heap' | 'goroutine'>(kind: K, fetched: FetchedProfile<DecodedProfiles[K]>) => {
		const time = now();
		emit(
			kind === 'heap'
				? {type: 'heap', time, raw: fetched.raw, profile: fetched.profile as DecodedProfiles['heap']}
				: {type: 'goroutine', time, raw: fetched.raw, profile: fetched.profile as DecodedProfiles['goroutine']},
		);
	};

	const first = schedule.delayFirst ? (ms: number) => ms : () => 0;
	const loops = [
		loop(signal, first(schedule.intervalMs), schedule.intervalMs, async () => ((await tick()) ? schedule.intervalMs : undefined)),
		loop(signal, first(schedule.profileIntervalMs), schedule.profileIntervalMs, async () => {
			const elapsed = await fetchProfile('heap', schedule.forceGC ?? false);
			return Math.max(schedule.profileIntervalMs, elapsed / MAX_DUTY);
		}, (error) => fail('heap', error)),
		loop(signal, first(schedule.goroutineIntervalMs), schedule.goroutineIntervalMs, async () => {
			let elapsed = await fetchProfile('goroutine');
			if (servesLeakProfile) elapsed += await fetchLeakProfile();
			const byCount = schedule.goroutineIntervalMs * Math.max(1, goroutineCount / GOROUTINES_AT_BASE_RATE);
			return Math.min(MAX_PROFILE_INTERVAL_MS, Math.max(schedule.goroutineIntervalMs, elapsed / MAX_DUTY, byCount));
		}, (error) => fail('goroutine', error)),
	];

	return {
		async stop() {
			controller.abort();
			await Promise.allSettled(loops);
		},
		async fetchHeapNow({gc}) {
			try {
				await fetchProfile('heap', gc);
			} catch (error) {
				fail('heap', error);
			}
		},
	};
}

/**
 * Runs `once` until aborted. `once` returns the delay before the next run, or
 * undefined for "failed, back off" (so does a throw, reported through onError).
 */
async function loop(
	signal: AbortSignal,
	firstDelayMs: number,
	baseMs: number,
	once: () => Promise<number | undefined>,
	onError?: (error: unknown) => void,
): Promise<void> {
	await sleep(firstDelayMs, signal);
	let failures = 0;
	while (!signal.aborted) {
		let delay: number | undefined;
		try {
			delay = await once();
		} catch (error) {
			onError?.(error);
		}
		if (delay === undefined) {
			failures++;
			delay = backoff(baseMs, failures);
		} else {
			failures = 0;
		}
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
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
		signal?.addEventListener('abort', done, {once: true});
	});
}
