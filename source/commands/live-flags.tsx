import {appendFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {byteThresholdFlag, countThresholdFlag, durationFlag, intFlag, targetFromFlags, usage, type RawFlags} from '../cli-options.js';
import {LiveSession} from '../live/session.js';
import {colorEnabled} from '../live/terminal.js';
import {safeText} from '../decode/sanitize.js';
import {TargetsApp} from '../ui/targets-app.js';
import {assertInteractive, runDashboard, runFullScreen} from './live.js';

export async function liveFromFlags(args: string[], flags: RawFlags): Promise<number> {
	const urls = [...args, ...(typeof flags.targets === 'string' ? await targetsFile(flags.targets) : [])];
	const intervalMs = durationFlag(flags, 'interval', 1000, 10);
	const profileIntervalMs = durationFlag(flags, 'profileInterval', 5000, 50);
	const refreshMs = durationFlag(flags, 'refresh', 2000, 100);
	const viewOptions = {window: intFlag(flags, 'window', 2), color: colorEnabled()};
	const targets = (urls.length > 0 ? urls : [undefined]).map((url) => targetFromFlags(url, flags));
	assertInteractive();
	const sessions = targets.map(
		(target) =>
			new LiveSession({
				target,
				intervalMs,
				profileIntervalMs,
				outDir: typeof flags.out === 'string' && flags.out ? flags.out : process.cwd(),
				customVars: (flags.var as string[] | undefined) ?? [],
				pid: intFlag(flags, 'pid', 1),
				alerts: {heap: byteThresholdFlag(flags, 'alertHeapGrowth'), goroutines: countThresholdFlag(flags, 'alertGoroutineGrowth')},
				// The bell is a control character: it moves no cursor, so it can go straight out.
				onAlarm: () => process.stdout.write('\u0007'),
			}),
	);
	for (const session of sessions) session.start();
	logMemory(process.env.LEAKWATCH_MEMLOG);
	if (sessions.length === 1) return runDashboard(sessions[0]!, viewOptions, refreshMs);
	return runFullScreen(sessions, (redraw) => <TargetsApp sessions={sessions} intervalMs={intervalMs} options={viewOptions} refreshMs={refreshMs} onRedraw={redraw} />);
}

/** --targets FILE: one URL per line; blank lines and # comments skipped. */
async function targetsFile(path: string): Promise<string[]> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw usage(`--targets ${safeText(path)}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read it'}`);
	}
	const urls = text
		.split('\n')
		.map((line) => line.replace(/#.*/, '').trim())
		.filter(Boolean);
	if (urls.length === 0) throw usage(`--targets ${safeText(path)} lists no URL`);
	return urls;
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
