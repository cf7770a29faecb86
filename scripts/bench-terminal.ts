// Part of `npm run bench`: what one dashboard refresh costs and sends. The
// recorded demo run, then 150 s of polls (a vars tick a second, a GC every
// two), redrawn every 2 s at 120x40 through the real pipeline: the model, the
// app state, the pure view, SGR, and the frame writer's diff. Prints JSON:
// bytes per refresh sent by the frame writer, by a full repaint, and by
// rewriting every changed row whole (what Ink's own incremental renderer
// does); and the CPU milliseconds of a refresh.
import {INITIAL_LIST, INITIAL_UI, newTarget, type App} from '../source/app/state.js';
import type {MemStats} from '../source/decode/expvar.js';
import {apply, createModel, type TickEvent} from '../source/model/model.js';
import {frameUpdate, fullPaint} from '../source/terminal/frame-diff.js';
import {screenToSgr} from '../source/terminal/sgr.js';
import {view} from '../source/view/screen.js';
import {FIXTURE_START, recordedEvents} from '../test/helpers/fixtures.js';

const events = await recordedEvents();
const model = createModel();
for (const event of events) apply(model, event);
const lastTick = events.filter((event): event is TickEvent => event.type === 'tick').at(-1)!;
const target = newTarget(1, 'http://127.0.0.1:6060', model, {mode: 'live', intervalMs: 1000});
let app: App = {size: {columns: 120, rows: 40}, now: 0, targets: [target], home: undefined, screen: {kind: 'dashboard', target: 1}, ui: INITIAL_UI, list: INITIAL_LIST, fleet: undefined, readOnly: false, outDir: '.'};

let shown: string[] | undefined;
const sent = {frames: 0, full: 0, incremental: 0, cpuMs: 0, refreshes: 0};
let mem = lastTick.vars!.memstats!;
let time = FIXTURE_START + 16_000;
for (let second = 0; second < 150; second++) {
	time += 1000;
	// A service allocating steadily with a GC every two seconds.
	const gc = second % 2 === 1;
	mem = {...mem, heapInuse: mem.heapInuse + (gc ? -4 * 2 ** 20 : 2 * 2 ** 20) + (second % 7) * 4096, heapAlloc: mem.heapAlloc + 2 ** 20, numGC: mem.numGC + (gc ? 1 : 0), totalAlloc: mem.totalAlloc + 2 ** 21, mallocs: mem.mallocs + 5000, frees: mem.frees + 4900} satisfies MemStats;
	apply(model, {...lastTick, time, vars: {...lastTick.vars!, memstats: mem}});
	if (second % 2 === 0) continue;
	const started = process.cpuUsage();
	app = {...app, now: time};
	const rows = screenToSgr(view(app), true).split('\n');
	const update = shown ? frameUpdate(shown, rows) : fullPaint(rows);
	const used = process.cpuUsage(started);
	if (shown && second > 20) {
		sent.refreshes++;
		sent.cpuMs += (used.user + used.system) / 1000;
		sent.frames += Buffer.byteLength(update);
		sent.full += Buffer.byteLength(fullPaint(rows));
		// Ink 6's incremental renderer: every changed row again whole, after a cursor move and an erase.
		rows.forEach((row, i) => {
			if (row !== shown![i]) sent.incremental += Buffer.byteLength(row) + 8;
		});
	}
	shown = rows;
}
const per = (value: number) => value / sent.refreshes;
console.log(JSON.stringify({frames: per(sent.frames), full: per(sent.full), incremental: per(sent.incremental), cpuMs: per(sent.cpuMs), refreshes: sent.refreshes}));
