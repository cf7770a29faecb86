// Part of `npm run bench`: what one dashboard refresh costs, replaying a
// recorded 2.5-minute demo run (test/fixtures/recording) one poll at a time at
// 120x40 in process. Prints JSON:
//   bytes written per refresh by leakwatch's frame writer, by Ink's own
//   incremental renderer, and by a full repaint of the same frames;
//   milliseconds of CPU per refresh (React, Ink layout, output buffer).
// With the argument `ink`, Ink's own output buffer is used; otherwise the
// module hook swaps in leakwatch's (as the CLI does), so the two runs compare.
import {appendFileSync, readFileSync} from 'node:fs';
import {register} from 'node:module';
import {join} from 'node:path';
import {Writable} from 'node:stream';

process.env.NODE_ENV = 'production';
if (process.argv[2] !== 'ink') register('../source/live/ink-loader-hook.ts', import.meta.url);
const {render} = await import('ink');
const React = await import('react');
const {profileEvent} = await import('../source/poll/profile-events.js');
const {frameStdout} = await import('../source/live/frame-stdout.js');
const {LiveSession} = await import('../source/live/session.js');
const {restoreSeries, SERIES_NAMES, update} = await import('../source/model/state.js');
const {parseTarget} = await import('../source/target/config.js');
const {LiveApp} = await import('../source/ui/live-app.js');
type SavedSeries = import('../source/model/state.js').SavedSeries;

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

type Mode = 'frames' | 'incremental' | 'full';

async function measure(mode: Mode): Promise<{bytes: number; cpuMs: number}> {
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
	const tty = new FakeTty() as unknown as NodeJS.WriteStream;
	let clock = saved.times[warmup - 1]!;
	const app = render(React.createElement(LiveApp, {session, options: {color: true}, size: {columns: 120, rows: 40}, now: () => clock}), {
		stdout: mode === 'frames' ? frameStdout(tty).stdout : tty,
		debug: mode === 'frames',
		incrementalRendering: mode === 'incremental',
		maxFps: 1000,
		patchConsole: false,
		exitOnCtrlC: false,
	});
	await new Promise((done) => setTimeout(done, 200));
	const before = (tty as unknown as FakeTty).bytes;
	let refreshes = 0;
	let cpu = 0;
	for (let i = warmup; i < saved.times.length; i++) {
		const started = process.cpuUsage();
		feed(i);
		clock = saved.times[i]!;
		refreshes++;
		// The app batches updates for 100 ms; the render lands inside this wait.
		await new Promise((done) => setTimeout(done, 130));
		const used = process.cpuUsage(started);
		cpu += (used.user + used.system) / 1000;
	}
	const bytes = ((tty as unknown as FakeTty).bytes - before) / refreshes;
	app.unmount();
	return {bytes, cpuMs: cpu / refreshes};
}

const frames = await measure('frames');
const incremental = await measure('incremental');
const full = await measure('full');
console.log(JSON.stringify({frames: frames.bytes, incremental: incremental.bytes, full: full.bytes, cpuMs: frames.cpuMs}));
process.exit(0);
