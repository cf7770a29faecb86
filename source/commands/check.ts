import {describeError, LeakwatchError} from '../errors.js';
import {checkText} from '../format/check-text.js';
import type {Threshold} from '../format/units.js';
import {buildCheckReport} from '../model/check-report.js';
import {initialState, update, type ModelEvent, type TickEvent} from '../model/state.js';
import {sleep, startPolling} from '../poll/poller.js';
import {runtimeReader, type RuntimeReader} from '../poll/runtime-source.js';
import {TargetClient} from '../target/client.js';
import type {TargetConfig} from '../target/config.js';

export interface CheckOptions {
	target: TargetConfig;
	durationMs: number;
	intervalMs: number;
	/** undefined: chosen from the duration so the run sees enough profiles. */
	profileIntervalMs: number | undefined;
	maxHeapGrowth: Threshold | undefined;
	maxGoroutineGrowth: Threshold | undefined;
	json: boolean;
	top: number;
	/** gc=1 on every heap profile: the user accepts forcing GCs on the target. */
	forceGC: boolean;
}

export interface Output {
	write(text: string): void;
}

const DEFAULT_PROFILE_INTERVAL_MS = 5000;
/** A trend needs points: aim for at least this many profile intervals in a run. */
const MIN_PROFILE_INTERVALS = 8;

/** Headless: watch for a while, judge, print, and return the exit code (0 fine, 1 leak, 2 error). */
export async function runCheck(options: CheckOptions, out: Output, clock: () => number = Date.now): Promise<number> {
	const client = new TargetClient(options.target);
	const state = initialState({seriesCapacity: Math.ceil(options.durationMs / options.intervalMs) + 16, profileWindow: 512});
	const apply = (event: ModelEvent) => update(state, event);

	// Fail fast and clearly when the target is not there or not a Go service with pprof.
	const started = clock();
	const runtime = runtimeReader(client, options.target.source, clock);
	const firstTick = await tickOnce(client, runtime, started);
	const firstHeap = await client.profile('heap', {gc: options.forceGC});
	const firstGoroutine = await client.profile('goroutine');
	apply(firstTick);
	apply({type: 'heap', time: clock(), profile: firstHeap.profile, raw: firstHeap.raw});
	apply({type: 'goroutine', time: clock(), profile: firstGoroutine.profile, raw: firstGoroutine.raw});

	const profileIntervalMs =
		options.profileIntervalMs ?? Math.max(options.intervalMs, Math.min(DEFAULT_PROFILE_INTERVAL_MS, Math.floor(options.durationMs / MIN_PROFILE_INTERVALS)));
	const poller = startPolling(
		client,
		{intervalMs: options.intervalMs, profileIntervalMs, goroutineIntervalMs: profileIntervalMs, forceGC: options.forceGC, delayFirst: true},
		apply,
		clock,
	);
	await sleep(Math.max(0, started + options.durationMs - clock()));
	await poller.stop();

	// One last look at the end of the window, so "end" means the end.
	try {
		apply(await tickOnce(client, runtime, clock()));
		const heap = await client.profile('heap', {gc: options.forceGC});
		apply({type: 'heap', time: clock(), profile: heap.profile, raw: heap.raw});
		const goroutine = await client.profile('goroutine');
		apply({type: 'goroutine', time: clock(), profile: goroutine.profile, raw: goroutine.raw});
	} catch (error) {
		throw new LeakwatchError('unreachable', `target stopped answering before the end of the check: ${describeError(error)}`);
	}

	const verdict = buildCheckReport(state, options.target.display, clock() - started, options, options.top);
	out.write(options.json ? `${JSON.stringify(verdict.report, null, 2)}\n` : checkText(verdict));
	return verdict.report.leakSuspected ? 1 : 0;
}

/** The vars (or /metrics) and the pprof index, once; the index is required: no pprof, no check. */
async function tickOnce(client: TargetClient, runtime: RuntimeReader, time: number): Promise<TickEvent> {
	const controller = new AbortController();
	const [read, index] = await Promise.all([runtime.read(controller.signal), client.index()]);
	return {type: 'tick', time, vars: read.fetched?.vars, varsRaw: read.fetched?.raw, index, source: read.source};
}
