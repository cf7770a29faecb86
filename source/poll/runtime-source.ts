/**
 * @module Where the runtime numbers come from: expvar (/debug/vars), or
 * Prometheus text (/metrics) when the service has no expvar (a 404) and
 * --source is auto; with neither, the dashboard runs on profiles and the pprof
 * index alone, and looks again every minute.
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
	const notFound = (error: unknown) => isLeakwatchError(error) && error.kind === 'not-found';
	const fetch = (from: 'expvar' | 'metrics', signal: AbortSignal) => (from === 'expvar' ? client.vars(signal) : client.metrics(signal));

	return {
		reset() {
			source = first;
		},
		async read(signal) {
			if (source === 'none') {
				if (now() - noneSince < RECHECK_MS) return {fetched: undefined, source};
				source = first;
			}
			try {
				return {fetched: await fetch(source, signal), source};
			} catch (error) {
				if (!notFound(error) || preference !== 'auto') throw error;
				if (source === 'expvar') {
					try {
						const fetched = await fetch('metrics', signal);
						source = 'metrics';
						return {fetched, source};
					} catch (metricsError) {
						if (!notFound(metricsError)) throw metricsError;
					}
				}
				source = 'none';
				noneSince = now();
				return {fetched: undefined, source};
			}
		},
	};
}
