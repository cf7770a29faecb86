import {LiveSession} from '../../source/live/session.js';
import type {AlarmThresholds} from '../../source/model/alarms.js';
import type {ModelEvent} from '../../source/model/state.js';
import {parseTarget} from '../../source/target/config.js';
import {recordedEvents} from './fixtures.js';

/**
 * A live session fed by hand instead of a poller: the recorded demo run
 * arrives through the same model events a real poll produces.
 */
export async function recordedSession(
	options: {outDir?: string; upTo?: number; customVars?: string[]; alerts?: AlarmThresholds; onAlarm?: () => void} = {},
): Promise<{session: LiveSession; events: ModelEvent[]; rest: ModelEvent[]}> {
	const events = await recordedEvents();
	const target = parseTarget('http://127.0.0.1:6060', {header: [], timeoutMs: 1000, maxBytes: 2 ** 20, insecure: false, pprofPath: undefined, varsPath: undefined});
	const session = new LiveSession({
		target,
		intervalMs: 1000,
		profileIntervalMs: 5000,
		outDir: options.outDir ?? '.',
		customVars: options.customVars ?? [],
		alerts: options.alerts,
		onAlarm: options.onAlarm,
		clock: () => events.at(-1)!.time,
	});
	const upTo = options.upTo ?? events.length;
	for (const event of events.slice(0, upTo)) session.apply(event);
	return {session, events, rest: events.slice(upTo)};
}
