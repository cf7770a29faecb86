/**
 * @module Where the runtime numbers come from: expvar (/debug/vars) or
 * Prometheus text (/metrics). With --source auto the first poll asks both and
 * keeps /metrics when it carries the runtime's own live heap (client_golang's
 * Go collector: also GOMEMLIMIT, GOGC, goroutines by state), else expvar, else
 * /metrics; with neither, the dashboard runs on profiles and the pprof index
 * alone, and looks again every minute.
 */
import {isLeakwatchError} from '../errors.js';
import type {FetchedVars, TargetClient} from '../target/client.js';
import type {RuntimeSource} from '../target/config.js';
import type {SourceInUse} from '../model/model.js';

export interface RuntimeReader {
	/** One poll of the runtime numbers; throws what the source in use throws. */
	read(signal: AbortSignal): Promise<{fetched: FetchedVars | undefined; source: SourceInUse}>;
	/** The target does not serve pprof either (down, or not the service yet): decide again next time. */
	reset(): void;
}

/** With neither expvar nor /metrics, look again this often (the service may be redeployed with them). */
const RECHECK_MS = 60_000;

export function runtimeReader(client: TargetClient, preference: RuntimeSource, now: () => number): RuntimeReader {
	const first: SourceInUse = preference === 'metrics' ? 'metrics' : 'expvar';
	let source: SourceInUse = first;
	let noneSince = 0;
	// With --source auto, the first poll asks both and keeps the richer (again after a 404).
	let decided = preference !== 'auto';
	const notFound = (error: unknown) => isLeakwatchError(error) && error.kind === 'not-found';
	const fetch = (from: 'expvar' | 'metrics', signal: AbortSignal) => (from === 'expvar' ? client.vars(signal) : client.metrics(signal));
	const none = (): {fetched: undefined; source: SourceInUse} => {
		source = 'none';
		noneSince = now();
		return {fetched: undefined, source};
	};

	return {
		reset() {
			source = first;
			decided = preference !== 'auto';
		},
		async read(signal) {
			if (source === 'none') {
				if (now() - noneSince < RECHECK_MS) return {fetched: undefined, source};
				source = first;
				decided = preference !== 'auto';
			}
			if (!decided) {
				const [vars, metrics] = await Promise.allSettled([fetch('expvar', signal), fetch('metrics', signal)]);
				// The runtime's own live heap (and GOMEMLIMIT) beats expvar's MemStats: client_golang's Go collector serves them.
				const richer = metrics.status === 'fulfilled' && Number.isFinite(metrics.value.vars.runtime?.liveHeap ?? Number.NaN);
				const chosen = richer ? metrics : vars.status === 'fulfilled' ? vars : metrics;
				if (chosen.status === 'fulfilled') {
					source = chosen === vars ? 'expvar' : 'metrics';
					decided = true;
					return {fetched: chosen.value, source};
				}
				for (const failed of [vars, metrics]) if (failed.status === 'rejected' && !notFound(failed.reason)) throw failed.reason;
				return none();
			}
			try {
				return {fetched: await fetch(source, signal), source};
			} catch (error) {
				// Gone from where it was (a redeploy without expvar): decide again next time.
				if (notFound(error) && preference === 'auto') decided = false;
				throw error;
			}
		},
	};
}
