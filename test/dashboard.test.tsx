import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, it} from 'node:test';
import {DASHBOARD_KEYS, splitKeys} from '../source/app/keys.js';
import {loadReplay} from '../source/app/replay.js';
import {newTarget} from '../source/app/state.js';
import {targetColumns} from '../source/view/targets.js';
import {Decoder} from '../source/decode/decoder.js';
import {KEYS, mountDashboard, selectedLine} from './helpers/ink.js';

const waitFor = async (frame: () => string, pattern: RegExp) => {
	for (let i = 0; i < 100 && !pattern.test(frame()); i++) await new Promise((done) => setTimeout(done, 20));
	return frame();
};

describe('dashboard (ink-testing-library, the real driver and screen component)', () => {
	let cleanup: Array<() => void> = [];
	afterEach(() => {
		for (const fn of cleanup) fn();
		cleanup = [];
	});
	const mount = async (options: Parameters<typeof mountDashboard>[0] = {}) => {
		const mounted = await mountDashboard(options);
		cleanup.push(mounted.unmount);
		return mounted;
	};

	it('shows the memory picture and goroutines, and ranks the leaking site first', async () => {
		const {frame} = await mount();
		const screen = frame();
		assert.match(screen, /leakwatch {2}http:\/\/127\.0\.0\.1:6060/);
		assert.match(screen, /memory · /);
		assert.match(screen, /─ heap in use \d/);
		assert.match(screen, /memory · whole run \d+s · live ↑ \+[\d.]+MiB\/min ± /, 'the live heap\'s rate and its uncertainty');
		assert.match(screen, /• live after GC \d[\d.]*MiB/);
		assert.match(screen, /goroutines · whole run \d+s · ↑ \+\d+\/min ± /);
		assert.match(screen, /┄ GC goal \d/);
		assert.match(screen, /goroutines · /);
		assert.match(screen, /cmd: .*leakydemo/);
		assert.match(selectedLine(screen), /^›↑leaking .*main\.\(\*sessionStore\)\.remember/);
		assert.equal(screen.split('\n').length, 33, 'one line shorter than the terminal');
	});

	it('shows the selected row in inverse video and a leak in bold, colour or not', async () => {
		const {rawFrame, press} = await mount();
		assert.ok(rawFrame().split('\n').some((line) => line.startsWith('\u001b[7m›↑leaking')), 'selected row in inverse');
		await press('j');
		const lines = rawFrame().split('\n');
		assert.ok(lines.some((line) => line.startsWith('\u001b[1m ↑leaking')), 'the leaking row, no longer selected, in bold');
		assert.ok(lines.every((line) => !/\u001b\[(3\d|9\d)m/.test(line)), 'no colour with color: false');
	});

	it('moves with j/k and the arrow keys', async () => {
		const {frame, press} = await mount();
		const first = selectedLine(frame());
		await press('j');
		assert.notEqual(selectedLine(frame()), first);
		await press(KEYS.down, KEYS.up, 'k');
		assert.equal(selectedLine(frame()), first);
	});

	it('drills into a site with Enter (verdict, stacks, plot) and comes back with Esc', async () => {
		const {frame, press} = await mount();
		await press(KEYS.enter);
		const detail = await waitFor(frame, /feed this site/);
		assert.match(detail, /Site main\.\(\*sessionStore\)\.remember/);
		assert.match(detail, /leaking: rising steadily/);
		assert.match(detail, /since the baseline/);
		assert.match(detail, /main\.go:\d+ moved most/);
		assert.match(detail, /main\.main {2}main\.go:\d+/);
		await press(KEYS.escape);
		assert.match(frame(), /Heap allocation sites/);
	});

	it('switches to goroutine groups with Tab; Enter shows the full stack', async () => {
		const {frame, press} = await mount();
		await press(KEYS.tab);
		assert.match(frame(), /Goroutine groups/);
		assert.match(selectedLine(frame()), /↑leaking.*main\.handleJob/);
		await press(KEYS.enter);
		assert.match(frame(), /runtime\.gopark/);
		assert.match(frame(), /runtime\.chanrecv1/);
		assert.match(frame(), /started by main\.handleJob/);
	});

	it('a drill-down longer than the screen scrolls, and stops at its end', async () => {
		const {frame, press} = await mount({size: {columns: 80, rows: 24}});
		await press(KEYS.tab);
		await press(KEYS.enter);
		const first = (text: string) => Number(/lines (\d+)-\d+ of \d+/.exec(text)?.[1]);
		assert.equal(first(frame()), 1);
		for (let i = 0; i < 30; i++) await press('j');
		const last = first(frame());
		assert.ok(last > 1);
		await press('k');
		assert.equal(first(frame()), last - 1, 'one k moves up at once, however far j went past the end');
	});

	it('pause keeps the view unchanged while new polls arrive; space returns to live', async () => {
		const {frame, press, feed, rest} = await mount({upTo: 12});
		await press(' ');
		const paused = frame();
		assert.match(paused, /PAUSED/);
		await feed(rest);
		// The header and the status line are live even when paused; the rest is the data.
		const body = (screen: string) => screen.trimEnd().split('\n').slice(2, -1).join('\n');
		assert.equal(body(frame()), body(paused), 'data unchanged while paused');
		assert.match(frame().split('\n')[0]!, /PAUSED at \d\d:\d\d:\d\d {2}\d+s behind live/);
		await press(' ');
		assert.match(frame(), /LIVE/);
		assert.notEqual(body(frame()), body(paused));
	});

	it('scrubbing moves everything: the header, the plots\' cursor, the legend and the ranking show the cursor\'s time', async () => {
		const {frame, press} = await mount({size: {columns: 130, rows: 34}});
		const live = frame();
		await press(KEYS.left);
		assert.match(frame(), /PAUSED at/);
		for (let i = 0; i < 12; i++) await press('h');
		const screen = frame();
		assert.match(screen, /as ranked at \d\d:\d\d:\d\d/);
		assert.match(screen, /┊/, 'the plots mark the cursor');
		const heapIn = (text: string) => /heap in use ([\d.]+MiB)/.exec(text)?.[1];
		assert.notEqual(heapIn(screen), heapIn(live), 'the legend reads the value at the cursor');
		const growth = (text: string) => text.split('\n').find((line) => line.includes('remember'))?.match(/\+[\d.]+MiB/g)?.at(-1);
		assert.notEqual(growth(screen), growth(live), 'the ranking as it was then');
		await press('l', 'l');
		assert.match(frame(), /PAUSED at/);
		await press(' ');
		assert.match(frame(), /LIVE/);
		assert.doesNotMatch(frame(), /┊/);
	});

	it('z zooms the plots to recent spans and back; each says its span and has a time axis', async () => {
		const {frame, press} = await mount();
		assert.match(frame(), /memory · whole run \d+s/);
		assert.match(frame(), /-\d+s .* now/);
		await press('z');
		assert.match(frame(), /memory · last 1h/);
		await press('z', 'z', 'z');
		assert.match(frame(), /memory · last 1m/);
		await press('Z', 'Z', 'Z', 'Z');
		assert.match(frame(), /memory · whole run \d+s/);
	});

	it('v cycles the second plot through goroutines, GC, threads, open files and --var vars (counters as rates)', async () => {
		const {frame, press} = await mount({customVars: ['requests_total', 'cache.entries']});
		const seen = new Set<string>();
		const names = ['goroutines', 'GC cycles per minute', 'threads created', 'open files', 'requests_total per second', 'cache.entries'];
		for (let i = 0; i < names.length; i++) {
			const title = frame().split('\n')[2]!;
			for (const name of names) if (title.includes(`${name} ·`)) seen.add(name);
			await press('v');
		}
		assert.deepEqual([...seen].sort(), [...names].sort());
	});

	it('on a wide terminal all three plots show at once', async () => {
		const {frame} = await mount({size: {columns: 200, rows: 60}});
		const titles = frame().split('\n')[2]!;
		assert.match(titles, /memory · .*goroutines · .*GC cycles per minute · /);
	});

	it('b marks a new baseline: growth counts from now', async () => {
		const {frame, press} = await mount();
		assert.match(selectedLine(frame()), /\+[\d.]+MiB/);
		await press('b');
		assert.match(frame(), /baseline marked/);
		const remember = frame().split('\n').find((line) => line.includes('remember'))!;
		assert.match(remember, / 0B /);
	});

	it('filters with /, cycles sort with o and sample type with i', async () => {
		const {frame, press} = await mount();
		await press('/', ...'cache');
		assert.match(frame(), /\/ cache/);
		await press(KEYS.enter);
		const rows = frame().split('\n').filter((line) => /\.go:\d+\s*$/.test(line));
		assert.deepEqual(rows.map((line) => /main\.\w+/.exec(line)?.[0]), ['main.fillCache']);
		assert.match(frame(), /filter "cache"/);
		await press(KEYS.escape);
		assert.doesNotMatch(frame(), /filter "cache"/);
		await press('o');
		assert.match(frame(), /sort inuse/);
		await press('o');
		assert.match(frame(), /sort objects/);
		await press('i');
		assert.match(frame(), /alloc_objects \(allocated, freed or not\)/);
	});

	it('? lists every key of the key map; Esc closes it', async () => {
		const {frame, press} = await mount({size: {columns: 120, rows: 50}});
		await press('?');
		for (const {keys} of DASHBOARD_KEYS) assert.ok(frame().includes(`  ${keys} `), keys);
		assert.match(frame(), /few samples +the sampling cannot tell yet/);
		await press(KEYS.escape);
		assert.match(frame(), /Heap allocation sites/);
	});

	it('? at 80x24 wraps what each key does instead of cutting it, and scrolls with j / k', async () => {
		const {frame, press} = await mount({size: {columns: 80, rows: 24}});
		await press('?');
		assert.match(frame(), /Keys · esc or \? closes · j \/ k scroll \(1-\d+ of \d+\)/);
		assert.ok(!frame().split('\n').slice(3, -1).some((line) => line.includes('…')), 'nothing cut');
		assert.match(frame().replace(/\s+/g, ' '), /drill into the selected site or group: its stacks, its plot, why it is judged so/);
		for (let i = 0; i < 40; i++) await press('j');
		assert.match(frame().replace(/\s+/g, ' '), /sample more \(runtime\.MemProfileRate\)/);
		assert.match(frame(), /Snapshots go to/);
		const top = (text: string) => Number(/scroll \((\d+)-/.exec(text)![1]);
		const bottom = top(frame());
		await press('k');
		assert.equal(top(frame()), bottom - 1, 'one k moves up at once, however far j went past the end');
		await press('?');
		await press('?');
		assert.match(frame(), /\(1-\d+ of/, 'opened again at the top');
	});

	it('g asks first, g again forces a GC (gc=1); any other key cancels', async () => {
		let forced = 0;
		const {frame, press} = await mount({effects: {forceGC: async () => void forced++}});
		await press('g');
		assert.match(frame(), /press g again to force a GC/);
		await press('j');
		assert.doesNotMatch(frame(), /press g again/);
		assert.equal(forced, 0);
		await press('g', 'g');
		assert.equal(forced, 1);
	});

	it('s exports a snapshot and says where', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'leakwatch-ui-'));
		cleanup.push(() => rmSync(dir, {recursive: true, force: true}));
		const {frame, press} = await mount({outDir: dir});
		await press('s');
		assert.match(await waitFor(frame, /snapshot written/), /snapshot written: .*leakwatch-127\.0\.0\.1_6060-/);
		const [folder] = readdirSync(dir);
		assert.ok(folder);
		assert.equal(statSync(join(dir, folder)).mode & 0o777, 0o700);
		assert.deepEqual(readdirSync(join(dir, folder)).sort(), ['goroutine-base.pb.gz', 'goroutine.pb.gz', 'heap-base.pb.gz', 'heap.pb.gz', 'history', 'report.md', 'series.json', 'vars.json']);
		const report = readFileSync(join(dir, folder, 'report.md'), 'utf8');
		assert.match(report, /\| leaking \| \+[\d.]+MiB\/min ± [\d.]+MiB \|.*main\.\(\*sessionStore\)\.remember/);
	});

	it('a failed export says so and loses nothing', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'leakwatch-ui-'));
		writeFileSync(join(dir, 'a-file'), '');
		cleanup.push(() => rmSync(dir, {recursive: true, force: true}));
		const {frame, press} = await mount({outDir: join(dir, 'a-file', 'snapshots')});
		await press('s');
		assert.match(await waitFor(frame, /snapshot failed/), /snapshot failed \(nothing lost, s retries\)/);
		assert.match(selectedLine(frame()), /remember/);
	});

	it('says the terminal is too small instead of drawing garbage', async () => {
		const {frame} = await mount({size: {columns: 40, rows: 10}});
		assert.match(frame().replace(/\s+/g, ' '), /terminal too small: 40x10, leakwatch needs 60x16/);
		assert.ok(frame().split('\n').every((line) => line.length <= 40), 'within the width');
	});
});

describe('replay of an exported snapshot', () => {
	it('shows the recorded run read-only, with its verdicts', async () => {
		const decoder = new Decoder();
		try {
			const {model, display} = await loadReplay('test/fixtures/recording', decoder, 2 ** 26);
			const {frame, press, unmount} = await mountDashboard({model, display, mode: 'replay'});
			try {
				const screen = frame();
				assert.match(screen, /REPLAY of \d{4}-\d\d-\d\d/);
				assert.match(selectedLine(screen), /^›↑leaking .*main\.\(\*sessionStore\)\.remember/);
				assert.match(screen, /\d+ profiles since the baseline/);
				await press('b');
				assert.doesNotMatch(frame(), /baseline marked/, 'read-only');
			} finally {
				unmount();
			}
		} finally {
			await decoder.close();
		}
	});

	it('refuses a folder that is not a snapshot', async () => {
		const decoder = new Decoder();
		try {
			await assert.rejects(loadReplay('test/fixtures/demo-run', decoder, 2 ** 26), /is not a leakwatch snapshot \(no series\.json\)/);
		} finally {
			await decoder.close();
		}
	});
});

describe('keys typed faster than a frame', () => {
	it('a chunk like "\\ts" is Tab then s, not one unknown key', () => {
		assert.deepEqual(splitKeys('\ts', {}), [
			['', {tab: true}],
			['s', {}],
		]);
		assert.deepEqual(splitKeys('j', {}), [['j', {}]]);
		assert.deepEqual(splitKeys('\u001b[A', {upArrow: true}), [['\u001b[A', {upArrow: true}]]);
	});

	it('the dashboard acts on each of them in turn', async () => {
		const {frame, press, unmount} = await mountDashboard();
		try {
			await press('\tjj');
			assert.match(frame(), /Goroutine groups/);
			assert.doesNotMatch(selectedLine(frame()), /main\.handleJob/, 'moved down twice');
		} finally {
			unmount();
		}
	});
});

describe('the list of targets', () => {
	it('fits the terminal: status, the live heap and the goroutines with their rates stay at 80 columns', async () => {
		const decoder = new Decoder();
		const loaded = await loadReplay('test/fixtures/recording', decoder, 2 ** 26).finally(() => decoder.close());
		const target = newTarget(1, 'http://127.0.0.1:6060', loaded.model, {mode: 'replay', intervalMs: 1000});
		for (const width of [80, 120, 200]) {
			const {header, row} = targetColumns(width, Date.now());
			assert.ok(2 + row(target).length <= width, `${width}: ${row(target)}`);
			assert.match(header, /target +status +live heap +rate( ± 95%)? .*gorout\. +rate/, `${width}`);
			assert.match(row(target), /MiB\/min.* \+\d+(\.\d)?\/min/, `${width}: ${row(target)}`);
		}
		assert.match(targetColumns(200, Date.now()).header, /trend/);
	});
});

describe('the README', () => {
	it('lists the keys the key map has, and no others', () => {
		const readme = readFileSync('README.md', 'utf8');
		const table = readme.slice(readme.indexOf('| key | does |')).split('\n\n')[0]!;
		const rows = table.split('\n').slice(2).map((line) => line.split('|')[1]!.trim().replaceAll('`', ''));
		assert.deepEqual(rows, DASHBOARD_KEYS.map((entry) => entry.keys));
	});
});

describe('alarms', () => {
	it('an alarm rings once and highlights its plot', async () => {
		const {recordedModel} = await import('./helpers/fixtures.js');
		const {model, rest} = await recordedModel(3);
		const {frame, feed, bells, unmount} = await mountDashboard({model, alerts: {heap: {kind: 'bytes', bytes: 1024}, goroutines: {kind: 'count', count: 1}}});
		try {
			await feed(rest);
			assert.equal(bells.length, 2, 'one ring per alarm, not one per poll');
			assert.match(frame(), /memory ! ALERT/);
			assert.match(frame(), /goroutines ! ALERT/);
			assert.match(frame(), /ALERT: goroutines grew/);
		} finally {
			unmount();
		}
	});
});
