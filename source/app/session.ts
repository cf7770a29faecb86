/**
 * @module A live target's polling: the poller on its clocks, the decode
 * thread, and on the same host the process behind the port (for RSS, open
 * files and the command line from /proc). Everything it learns goes out as
 * model events; it holds no state the app needs.
 */
import type {Decoder} from '../decode/decoder.js';
import type {ModelEvent} from '../model/model.js';
import {startPolling, type Poller} from '../poll/poller.js';
import {TargetClient} from '../target/client.js';
import type {TargetConfig} from '../target/config.js';
import {findListeningPid, isLocalHost} from '../target/proc.js';

export interface SessionOptions {
	readonly target: TargetConfig;
	readonly intervalMs: number;
	readonly profileIntervalMs: number;
	/** A local pid given on the command line (--pid); else found from the port when the target is local. */
	readonly pid?: number;
	/** How often to ask the runtime's leak detector (default LEAK_CHECK_MS). */
	readonly leakIntervalMs?: number;
	readonly clock?: () => number;
}

export interface Session {
	readonly client: TargetClient;
	/** `g g`: a heap profile fetched with gc=1. */
	forceGC(): Promise<void>;
	stop(): Promise<void>;
}

/** How often the runtime's leak detector is asked (each time it runs a GC on the target). */
export const LEAK_CHECK_MS = 60_000;

export function startSession(options: SessionOptions, decoder: Decoder, emit: (event: ModelEvent) => void): Session {
	const client = new TargetClient(options.target);
	let pid = options.pid;
	const {baseUrl} = options.target;
	if (pid === undefined && isLocalHost(baseUrl.hostname)) {
		const port = Number(baseUrl.port || (baseUrl.protocol === 'https:' ? 443 : 80));
		void findListeningPid(port).then((found) => {
			pid = found;
		});
	}
	const poller: Poller = startPolling(
		client,
		decoder,
		{
			intervalMs: options.intervalMs,
			profileIntervalMs: options.profileIntervalMs,
			goroutineIntervalMs: options.profileIntervalMs,
			leakIntervalMs: options.leakIntervalMs ?? Math.max(LEAK_CHECK_MS, options.profileIntervalMs * 10),
			pid: () => pid,
		},
		emit,
		options.clock,
	);
	return {
		client,
		async forceGC() {
			const now = options.clock ?? Date.now;
			emit({type: 'note', time: now(), text: 'forcing a GC on the target (gc=1) and fetching the heap profile…', level: 'warn'});
			await poller.fetchHeapNow({gc: true});
			emit({type: 'note', time: now(), text: 'heap profile fetched after a forced GC', level: 'warn'});
		},
		stop: () => poller.stop(),
	};
}
