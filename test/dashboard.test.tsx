import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import {LiveApp} from '../source/ui/live-app.js';
import {KEYS, mountDashboard, plainFrame, refresh, selectedLine, settle} from './helpers/ink.js';

const mount = mountDashboard;

describe('dashboard (ink-testing-library)', () => {
	let cleanup: Array<() => void> = [];
	afterEach(() => {
		for (const fn of cleanup) fn();
		cleanup = [];
	});

	it('shows the three plots and ranks the leaking site first, marked as steady growth', async () => {
		const {frame, app} = await mount();
		cleanup.push(app.unmount);
		const screen = frame();
		assert.match(screen, /leakwatch {2}http:\/\/127\.0\.0\.1:6060/);
		assert.match(screen, /heap in use \d/);
		assert.match(screen, /GC\/interval/);
		assert.match(screen, /goroutines \d/);
		assert.match(screen, /cmd: .*leakydemo/);
		assert.match(selectedLine(screen), /^›↑ .*main\.\(\*sessionStore\)\.remember/);
		assert.equal(screen.split('\n').length, 31, 'one line shorter than the terminal');
	});

	it('shows the selected row in inverse video and steady growth in bold, colour or not', async () => {
		const {rawFrame, press, app} = await mount();
		cleanup.push(app.unmount);
		assert.ok(rawFrame().split('\n').some((line) => line.startsWith('\u001b[7m›↑ ')), 'selected row in inverse');
		await press('j');
		const lines = rawFrame().split('\n');
		assert.ok(lines.some((line) => line.startsWith('\u001b[1m ↑ ')), 'the steady row, no longer selected, in bold');
		assert.ok(lines.some((line) => line.startsWith('\u001b[7m›  ')), 'the next row selected');
		assert.ok(lines.every((line) => !/\u001b\[3\dm/.test(line)), 'no colour with color: false');
	});

	it('moves with j/k and the arrow keys', async () => {
		const {frame, press, app} = await mount();
		cleanup.push(app.unmount);
		const first = selectedLine(frame());
		await press('j');
		const second = selectedLine(frame());
		assert.notEqual(second, first);
		await press(KEYS.down, KEYS.up, 'k');
		assert.equal(selectedLine(frame()), first);
	});

	it('drills into a site with Enter (stacks and plot) and comes back with Esc', async () => {
		const {frame, press, app} = await mount();
		cleanup.push(app.unmount);
		await press(KEYS.enter);
		const detail = frame();
		assert.match(detail, /Site main\.\(\*sessionStore\)\.remember/);
		assert.match(detail, /stack.* feeds? this site/);
		assert.match(detail, /main\.main {2}main\.go:\d+/);
		assert.match(detail, /since baseline/);
		await press(KEYS.escape);
		assert.match(frame(), /Heap allocation sites/);
	});

	it('switches to goroutine groups with Tab; Enter shows the full stack', async () => {
		const {frame, press, app} = await mount();
		cleanup.push(app.unmount);
		await press(KEYS.tab);
		assert.match(frame(), /Goroutine groups/);
		assert.match(selectedLine(frame()), /main\.handleJob/);
		await press(KEYS.enter);
		assert.match(frame(), /runtime\.gopark/);
		assert.match(frame(), /runtime\.chanrecv1/);
	});

	it('pause keeps the view unchanged while new polls arrive; space returns to live', async () => {
		const {frame, press, app, session, rest} = await mount({upTo: 12});
		cleanup.push(app.unmount);
		await press(' ');
		const paused = frame();
		assert.match(paused, /PAUSED/);
		for (const event of rest) session.apply(event);
		await refresh();
		// Header and status lines are live even when paused (last poll, errors, notes); the rest is the data.
		const body = (screen: string) => screen.trimEnd().split('\n').slice(2, -1).join('\n');
		assert.equal(body(frame()), body(paused), 'data unchanged while paused');
		assert.match(frame().split('\n')[0]!, /PAUSED at \d\d:\d\d:\d\d {2}\d+s behind live/);
		await press(' ');
		await refresh();
		assert.match(frame(), /LIVE/);
		assert.notEqual(body(frame()), body(paused));
	});

	it('b marks a new baseline: growth counts from now', async () => {
		const {frame, press, app} = await mount();
		cleanup.push(app.unmount);
		assert.match(selectedLine(frame()), /\+\d/);
		await press('b');
		await refresh();
		assert.match(frame(), /baseline marked/);
		const remember = frame().split('\n').find((line) => line.includes('remember'))!;
		assert.match(remember, /^[ ›] {2,}0B /);
	});

	it('filters with /, cycles sort with o and sample type with i', async () => {
		const {frame, press, app} = await mount();
		cleanup.push(app.unmount);
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
		assert.match(frame(), /alloc_objects/);
	});

	it('? shows every key; Esc closes it', async () => {
		const {frame, press, app} = await mount();
		cleanup.push(app.unmount);
		await press('?');
		for (const key of ['enter', 'esc', 'tab', 'space / p', 'o', 'i', '/', 'b', 's', 'q / ctrl-c']) {
			assert.match(frame(), new RegExp(`^ {2}${key.replace(/[/?]/g, '\\$&')} `, 'm'));
		}
		await press(KEYS.escape);
		assert.match(frame(), /Heap allocation sites/);
	});

	it('s exports a snapshot and says where', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'leakwatch-ui-'));
		cleanup.push(() => rmSync(dir, {recursive: true, force: true}));
		const {frame, press, app} = await mount({outDir: dir});
		cleanup.push(app.unmount);
		await press('s');
		for (let i = 0; i < 50 && !/snapshot written/.test(frame()); i++) await new Promise((done) => setTimeout(done, 20));
		assert.match(frame(), /snapshot written: .*leakwatch-127\.0\.0\.1_6060-/);
		const [folder] = readdirSync(dir);
		assert.ok(folder);
		assert.equal(statSync(join(dir, folder)).mode & 0o777, 0o700);
		assert.deepEqual(readdirSync(join(dir, folder)).sort(), [
			'goroutine-base.pb.gz',
			'goroutine.pb.gz',
			'heap-base.pb.gz',
			'heap.pb.gz',
			'history',
			'report.md',
			'series.json',
			'vars.json',
		]);
	});

	it('a failed export says so and loses nothing', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'leakwatch-ui-'));
		writeFileSync(join(dir, 'a-file'), '');
		cleanup.push(() => rmSync(dir, {recursive: true, force: true}));
		const {frame, press, app} = await mount({outDir: join(dir, 'a-file', 'snapshots')});
		cleanup.push(app.unmount);
		await press('s');
		for (let i = 0; i < 50 && !/snapshot failed/.test(frame()); i++) await new Promise((done) => setTimeout(done, 20));
		assert.match(frame(), /snapshot failed \(nothing lost, s retries\)/);
		assert.match(selectedLine(frame()), /remember/);
	});

	it('says the terminal is too small instead of drawing garbage', async () => {
		const {frame, app} = await mount({}, {columns: 40, rows: 10});
		cleanup.push(app.unmount);
		assert.match(frame().replace(/\s+/g, ' '), /terminal too small: 40x10, leakwatch needs 60x15/);
		assert.ok(frame().split('\n').every((line) => line.length <= 40), 'within the width');
	});
});

describe('replay of an exported snapshot', () => {
	it('shows the recorded run read-only, with its trends', async () => {
		const {ReplaySession} = await import('../source/live/replay.js');
		const session = await ReplaySession.load('test/fixtures/recording');
		const app = render(<LiveApp session={session} options={{color: false}} size={{columns: 110, rows: 32}} now={() => Date.now()} />);
		try {
			await settle();
			const screen = plainFrame(app);
			assert.match(screen, /REPLAY of \d{4}-\d\d-\d\d/);
			assert.match(selectedLine(screen), /^›↑ .*main\.\(\*sessionStore\)\.remember/);
			assert.match(screen, /\d+ profiles/);
			app.stdin.write('b');
			await settle();
			assert.doesNotMatch(plainFrame(app), /baseline marked/, 'read-only');
		} finally {
			app.unmount();
		}
	});

	it('refuses a folder that is not a snapshot', async () => {
		const {ReplaySession} = await import('../source/live/replay.js');
		await assert.rejects(ReplaySession.load('test/fixtures/demo-run'), /is not a leakwatch snapshot \(no series\.json\)/);
	});
});

describe('keys typed faster than a frame', () => {
	it('a chunk like "\\ts" is Tab then s, not one unknown key', async () => {
		const {splitKeys} = await import('../source/live/keys.js');
		assert.deepEqual(splitKeys('\ts', {}), [
			['', {tab: true}],
			['s', {}],
		]);
		assert.deepEqual(splitKeys('j', {}), [['j', {}]]);
		assert.deepEqual(splitKeys('\u001b[A', {upArrow: true}), [['\u001b[A', {upArrow: true}]]);
	});

	it('the dashboard acts on each of them in turn', async () => {
		const {frame, press, app} = await mount();
		try {
			await press('\tjj');
			assert.match(frame(), /Goroutine groups/);
			assert.doesNotMatch(selectedLine(frame()), /main\.handleJob/, 'moved down twice');
		} finally {
			app.unmount();
		}
	});
});
