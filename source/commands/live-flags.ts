import {appendFileSync} from 'node:fs';
import {byteThresholdFlag, countThresholdFlag, durationFlag, intFlag, targetFromFlags, usage, type RawFlags} from '../cli-options.js';
import {LiveSession} from '../live/session.js';
import {colorEnabled} from '../live/terminal.js';
import {assertInteractive, runDashboard} from './live.js';

export async function liveFromFlags(args: string[], flags: RawFlags): Promise<number> {
	if (args.length > 1) throw usage('several targets at once are not supported yet: give one URL');
	assertInteractive();
	const intervalMs = durationFlag(flags, 'interval', 1000, 10);
	const profileIntervalMs = durationFlag(flags, 'profileInterval', 5000, 50);
	const session = new LiveSession({
		target: targetFromFlags(args[0], flags),
		intervalMs,
		profileIntervalMs,
		outDir: typeof flags.out === 'string' && flags.out ? flags.out : process.cwd(),
		customVars: (flags.var as string[] | undefined) ?? [],
		alerts: {heap: byteThresholdFlag(flags, 'alertHeapGrowth'), goroutines: countThresholdFlag(flags, 'alertGoroutineGrowth')},
		// The bell is a control character: it moves no cursor, so it can go straight out.
		onAlarm: () => process.stdout.write('\u0007'),
	});
	session.start();
	logMemory(process.env.LEAKWATCH_MEMLOG);
	return runDashboard(session, {window: intFlag(flags, 'window', 2), color: colorEnabled()}, durationFlag(flags, 'refresh', 2000, 100));
}

/**
 * LEAKWATCH_MEMLOG=file appends the dashboard's own memory every second, one
 * JSON line each: how `npm run soak` checks that a leak hunter does not leak.
 */
function logMemory(file: string | undefined): void {
	if (!file) return;
	const started = Date.now();
	// With node --expose-gc, also what survives a full collection: retained, not garbage.
	const gc = (globalThis as {gc?: () => void}).gc;
	setInterval(() => {
		const {rss, heapUsed, external, arrayBuffers} = process.memoryUsage();
		let retained: number | undefined;
		if (gc) {
			gc();
			retained = process.memoryUsage().heapUsed;
		}
		appendFileSync(file, `${JSON.stringify({seconds: (Date.now() - started) / 1000, rss, heapUsed, retained, external, arrayBuffers})}\n`);
	}, 1000).unref();
}
