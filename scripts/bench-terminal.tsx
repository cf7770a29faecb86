// Part of `npm run bench`: bytes written to the terminal per steady-state
// refresh, Ink's incremental renderer (with leakwatch's cursor fix) against a
// full repaint, on the same frames: a recorded 2.5-minute demo run
// (test/fixtures/recording) replayed one poll at a time, 120x40. Prints JSON.
import {appendFileSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {render} from 'ink';
import {profileEvent} from '../source/poll/profile-events.js';
import {cursorFixingStdout} from '../source/live/ink-stdout.js';
import {LiveSession} from '../source/live/session.js';
import {restoreSeries, SERIES_NAMES, update, type SavedSeries} from '../source/model/state.js';
import {parseTarget} from '../source/target/config.js';
import {LiveApp} from '../source/ui/live-app.js';

const dir = 'test/fixtures/recording';
const saved = JSON.parse(readFileSync(join(dir, 'series.json'), 'utf8')) as SavedSeries;
const history = JSON.parse(readFileSync(join(dir, 'history', 'index.json'), 'utf8')) as {profiles: Array<{file: string; kind: 'heap' | 'goroutine'; time: number}>};
const profiles = await Promise.all(
	history.profiles.map(async (entry) => {
		return {time: entry.time, event: await profileEvent(entry.kind, entry.time, readFileSync(join(dir, 'history', entry.file)), {maxBytes: 2 ** 26, what: entry.file})};
	}),
);

class FakeTty extends Writable {
	bytes = 0;
	isTTY = true;
	columns = 120;
	rows = 40;
	override _write(chunk: Buffer, _encoding: string, done: () => void) {
		this.bytes += chunk.length;
		if (process.env.BENCH_DUMP) appendFileSync(process.env.BENCH_DUMP, chunk);
		done();
	}
}

async function measure(incremental: boolean): Promise<number> {
	const target = parseTarget('http://127.0.0.1:6070', {header: [], timeoutMs: 1000, maxBytes: 2 ** 20, insecure: false, pprofPath: undefined, varsPath: undefined});
	const session = new LiveSession({target, intervalMs: 1000, profileIntervalMs: 3000, outDir: '.', customVars: []});
	const point = (i: number): SavedSeries => ({
		times: [saved.times[i]!],
		series: Object.fromEntries(SERIES_NAMES.map((name) => [name, [saved.series[name]?.[i] ?? null]])),
		cmdline: saved.cmdline,
	});
	const feed = (i: number) => {
		restoreSeries(session.state, point(i));
		for (const p of profiles.filter((p) => p.time <= saved.times[i]! && p.time > (saved.times[i - 1] ?? 0))) {
			update(session.state, p.event);
		}
		session.apply({type: 'note', time: saved.times[i]!, text: ''});
	};
	const warmup = 60;
	for (let i = 0; i < warmup; i++) feed(i);
	const tty = new FakeTty();
	const stdout = incremental ? cursorFixingStdout(tty as unknown as NodeJS.WriteStream) : (tty as unknown as NodeJS.WriteStream);
	let clock = saved.times[warmup - 1]!;
	const app = render(<LiveApp session={session} options={{color: true}} size={{columns: 120, rows: 40}} now={() => clock} />, {
		stdout,
		incrementalRendering: incremental,
		maxFps: 1000,
		patchConsole: false,
		exitOnCtrlC: false,
	});
	await new Promise((done) => setTimeout(done, 200));
	const before = tty.bytes;
	let refreshes = 0;
	for (let i = warmup; i < saved.times.length; i++) {
		feed(i);
		clock = saved.times[i]!;
		refreshes++;
		await new Promise((done) => setTimeout(done, 130)); // the dashboard batches updates every 100 ms
	}
	const perRefresh = (tty.bytes - before) / refreshes;
	app.unmount();
	return perRefresh;
}

const incremental = await measure(true);
const full = await measure(false);
console.log(JSON.stringify({incremental, full}));
process.exit(0);
