import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {CLI} from './helpers/cli.js';
import {hasGo, startDemo, type Demo} from './helpers/demo.js';
import {serve, startFakeTarget} from './helpers/fake-target.js';
import {hasTmux, leakwatchPid, Tmux} from './helpers/tmux.js';

const skip = !hasGo ? 'needs a Go toolchain' : !hasTmux ? 'needs tmux' : false;

describe('dashboard in a real terminal (tmux) against the Go demo', {skip}, () => {
	let demo: Demo;
	let out: string;
	before(async () => {
		demo = await startDemo(['-leak-bytes', String(1 << 20), '-leak-goroutines', '5']);
		out = mkdtempSync(join(tmpdir(), 'leakwatch-e2e-'));
	});
	after(async () => {
		await demo?.stop();
		rmSync(out, {recursive: true, force: true});
	});

	const open = (name: string, extra = '', size = {columns: 110, rows: 34}) =>
		new Tmux(name, `node ${CLI} ${demo.url} --interval 300ms --profile-interval 1s --out ${out} ${extra}`, size);

	it('shows the plots and the growing site, pauses, drills in, exports a snapshot pprof reads, quits cleanly', async () => {
		const term = open('main');
		try {
			let screen = await term.waitFor(/↑leaking .*main\.\(\*sessionStore\)\.remember/, 40_000);
			// A narrow plot says "11s" for "whole run 11s" when its rate needs the room.
			assert.match(screen, /memory · (whole run )?\d+s/);
			assert.match(screen, /─ heap in use \d/);
			assert.match(screen, /goroutines · (whole run )?\d+s/);
			assert.match(screen, /┤/, 'asciichart plots');
			assert.match(screen, /-\d+s .*now/, 'a time axis');
			assert.equal(term.display('#{alternate_on}'), '1');
			assert.doesNotMatch(screen, /BEFORE/);

			term.send('Space');
			screen = await term.waitFor(/PAUSED/);
			// Header and status lines are live even when paused (last poll, errors, notes); the rest is the data.
			const body = (s: string) => s.trimEnd().split('\n').slice(2, -1).join('\n');
			await delay(2500);
			assert.equal(body(term.capture()), body(screen), 'paused view does not move');
			assert.match(term.capture(), /PAUSED at \d\d:\d\d:\d\d {2}[1-9]\d*s behind live/);
			term.send('Space');
			await term.waitFor(/LIVE/);

			term.send('Enter');
			screen = await term.waitFor(/Site main\.\(\*sessionStore\)\.remember/);
			screen = await term.waitFor(/main\.main/);
			term.send('Escape');
			await term.waitFor(/Heap allocation sites/);

			term.send('Tab');
			await term.waitFor(/›.*main\.handleJob/);
			term.send('Tab');

			term.send('s');
			screen = await term.waitFor(/snapshot written/);
			const [folder] = readdirSync(out).filter((name) => name.startsWith('leakwatch-'));
			assert.ok(folder, screen);
			const pprof = execFileSync('go', ['tool', 'pprof', '-top', '-base', 'heap-base.pb.gz', 'heap.pb.gz'], {cwd: join(out, folder), encoding: 'utf8'});
			assert.match(pprof, /main\.\(\*sessionStore\)\.remember/);

			term.send('q');
			screen = await term.waitFor(/EXIT=0/);
			assert.match(screen, /BEFORE/, 'back on the shell screen');
			assert.equal(term.display('#{alternate_on}'), '0');
			assert.equal(term.display('#{cursor_flag}'), '1', 'cursor visible again');
		} finally {
			term.kill();
		}
	});

	it('follows resizes and says when the terminal is too small', async () => {
		const term = open('resize', '', {columns: 120, rows: 40});
		try {
			await term.waitFor(/main\.\(\*sessionStore\)\.remember/, 40_000);
			term.resize(80, 24);
			let screen = await term.waitFor(/remember/);
			await delay(1500);
			screen = term.capture();
			const lines = screen.split('\n');
			assert.ok(lines.every((line) => [...line].length <= 80));
			assert.match(lines[0]!, /^leakwatch/, 'header on the first row after the resize');
			term.resize(40, 10);
			await term.waitFor(/terminal too small/);
			term.resize(100, 30);
			await term.waitFor(/Heap allocation sites/);
			term.send('C-c');
			await term.waitFor(/EXIT=0/);
		} finally {
			term.kill();
		}
	});

	for (const [signal, code] of [
		['SIGTERM', 143],
		['SIGHUP', 129],
		['SIGINT', 130],
	] as const) {
		it(`${signal} leaves the alternate screen and shows the cursor`, async () => {
			const term = open(signal.toLowerCase());
			try {
				await term.waitFor(/Heap allocation sites|Waiting for/);
				const pid = leakwatchPid(term.panePid());
				assert.ok(pid, 'found the leakwatch process');
				process.kill(pid, signal);
				const screen = await term.waitFor(new RegExp(`EXIT=${code}`));
				assert.match(screen, /BEFORE/);
				assert.equal(term.display('#{alternate_on}'), '0');
				assert.equal(term.display('#{cursor_flag}'), '1');
			} finally {
				term.kill();
			}
		});
	}
});

describe('a crash still restores the terminal (tmux)', {skip: hasTmux ? false : 'needs tmux'}, () => {
	for (const mode of ['render', 'timer']) {
		it(`an error ${mode === 'render' ? 'while rendering' : 'thrown from a timer'}`, async () => {
			const term = new Tmux(`crash-${mode}`, `node --import tsx test/helpers/crash-dashboard.tsx ${mode} 2>&1`);
			try {
				await term.waitFor(/Heap allocation sites/);
				const screen = await term.waitFor(/EXIT=2/);
				assert.match(screen, /BEFORE/);
				assert.match(screen, /leakwatch: internal error: boom/);
				assert.equal(term.display('#{alternate_on}'), '0');
				assert.equal(term.display('#{cursor_flag}'), '1');
			} finally {
				term.kill();
			}
		});
	}
});

describe('npm run demo (scripts/demo.js) in a real terminal', {skip: hasTmux ? false : 'needs tmux'}, () => {
	it('opens the dashboard on the bundled Go demo and stops it on q', {skip: hasGo ? false : 'needs Go'}, async () => {
		const term = new Tmux('demo', 'node scripts/demo.js', {columns: 110, rows: 34});
		try {
			const dashboard = await term.waitFor(/main\.\(\*sessionStore\)\.remember/, 60_000);
			assert.match(dashboard, /cmd: test\/\.work\/leakydemo/);
			term.send('q');
			const screen = await term.waitFor(/EXIT=0/);
			const pid = Number(/stopped the Go demo \(pid (\d+)\)/.exec(screen)?.[1]);
			assert.ok(pid > 0, screen);
			await delay(200);
			// Gone, or a zombie waiting for init to reap it: either way no longer running.
			const state = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] : 'gone';
			assert.ok(state === 'gone' || state === 'Z', `demo process state ${state}`);
		} finally {
			term.kill();
		}
	});

	it('replays the bundled recording where there is no Go', async () => {
		const term = new Tmux('demo-replay', 'LEAKWATCH_DEMO=replay node scripts/demo.js', {columns: 110, rows: 34});
		try {
			let screen = await term.waitFor(/REPLAY of/, 20_000);
			screen = await term.waitFor(/remember/, 20_000);
			assert.match(screen, /main\.\(\*sessionStore\)\.remember/);
			term.send('q');
			screen = await term.waitFor(/EXIT=0/);
			assert.match(screen, /replaying a recording of a real demo run/);
		} finally {
			term.kill();
		}
	});
});

describe('NO_COLOR', {skip: hasTmux ? false : 'needs tmux'}, () => {
	it('draws without colour', async () => {
		const plain = new Tmux('nocolor', `NO_COLOR=1 node ${CLI} replay test/fixtures/recording`, {columns: 110, rows: 34});
		const colour = new Tmux('color', `node ${CLI} replay test/fixtures/recording`, {columns: 110, rows: 34});
		try {
			await plain.waitFor(/remember/);
			await colour.waitFor(/remember/);
			const sgr = (term: Tmux) => term.tmux('capture-pane', '-p', '-e', '-t', term.name).match(/\u001b\[[0-9;]*m/g) ?? [];
			// 39/49 are "default colour" resets tmux writes between cells; these set a colour.
			const colours = (codes: string[]) => codes.filter((code) => /\[(?:3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;|48;)/.test(code));
			assert.ok(colours(sgr(colour)).length > 0, 'colour by default');
			assert.deepEqual(colours(sgr(plain)), [], 'no colour codes with NO_COLOR');
		} finally {
			plain.kill();
			colour.kill();
		}
	});
});

describe('several targets at once (tmux, two Go demos)', {skip}, () => {
	let leaking: Demo;
	let quiet: Demo;
	before(async () => {
		[leaking, quiet] = await Promise.all([
			startDemo(['-leak-bytes', String(1 << 20), '-leak-goroutines', '5']),
			startDemo(['-leak-bytes', '0', '-leak-goroutines', '0']),
		]);
	});
	after(async () => {
		await Promise.all([leaking?.stop(), quiet?.stop()]);
	});

	it('lists both, opens one with Enter, comes back with Esc', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'leakwatch-targets-'));
		const file = join(dir, 'targets.txt');
		execFileSync('sh', ['-c', `printf '# two demos\\n${quiet.url}\\n' > ${file}`]);
		const term = new Tmux('targets', `node ${CLI} ${leaking.url} --targets ${file} --interval 300ms --profile-interval 1s --refresh 500ms`, {columns: 140, rows: 30});
		try {
			let screen = await term.waitFor(/2 targets/);
			screen = await term.waitFor(new RegExp(`${leaking.address}.*up.*\\n.*${quiet.address}.*up`), 20_000);
			// The leaking one climbs: once the trend has its points, its goroutine rate shows.
			screen = await term.waitFor(new RegExp(`${leaking.address}.*\\+\\d+(\\.\\d)?/min`), 20_000);
			const leakRow = screen.split('\n').find((line) => line.includes(leaking.address))!;
			assert.match(leakRow, /up/);
			term.send('Enter');
			screen = await term.waitFor(/Heap allocation sites/);
			assert.match(screen, new RegExp(`leakwatch {2}http://${leaking.address.replaceAll('.', '\\.')}`));
			term.send('Escape');
			await term.waitFor(/2 targets/);
			term.send('j', 'Enter');
			await term.waitFor(new RegExp(`leakwatch {2}http://${quiet.address.replaceAll('.', '\\.')}`));
			term.send('q');
			await term.waitFor(/EXIT=0/);
		} finally {
			term.kill();
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

describe('a live view on something that is not a Go service with pprof', {skip: hasTmux ? false : 'needs tmux'}, () => {
	it('exits 2 with the one-line error check gives, and leaves the terminal as it was', async () => {
		for (const [routes, pattern] of [
			[{}, /import _ "net\/http\/pprof"/],
			[{'/debug/pprof/': serve('<html><body>Welcome</body></html>', 'text/html')}, /not the net\/http\/pprof index page/],
		] as const) {
			const target = await startFakeTarget(routes);
			const term = new Tmux('nopprof', `node ${CLI} ${target.url}`, {columns: 220, rows: 30});
			try {
				const screen = await term.waitFor(/EXIT=2/);
				assert.match(screen, pattern);
				assert.match(screen, /^BEFORE$/m, 'back on the shell screen');
				assert.equal(screen.split('\n').filter((line) => line.startsWith('leakwatch: ')).length, 1, screen);
			} finally {
				term.kill();
				await target.close();
			}
		}
	});
});

describe('a long run: the plots show the whole run (tmux, minutes of the demo)', {skip}, () => {
	it('after two minutes the time axis reaches back to the start, and the first values are still on the plot', async () => {
		const demo = await startDemo(['-leak-bytes', String(2 << 20), '-leak-goroutines', '10']);
		const term = new Tmux('longrun', `node ${CLI} ${demo.url} --interval 500ms --profile-interval 2s`, {columns: 120, rows: 36});
		try {
			await term.waitFor(/whole run/);
			await delay(125_000);
			const screen = term.capture();
			// The title says the span; the axis under the plots reaches back two minutes.
			assert.match(screen, /whole run 2m/, screen);
			assert.match(screen, /-2m|-1m\d\ds|-1m/, screen);
			// The goroutine count started at about 20 and is over 1,000 now: both ends are on the axis labels.
			const labels = [...screen.matchAll(/([\d.]+)(k?)┤/g)].map(([, value, k]) => Number(value) * (k ? 1000 : 1));
			assert.ok(labels.some((value) => value < 200), `an early value on the axis: ${labels.join(' ')}`);
			assert.ok(labels.some((value) => value > 1000), `a late value on the axis: ${labels.join(' ')}`);
			term.send('q');
			await term.waitFor(/EXIT=0/);
		} finally {
			term.kill();
			await demo.stop();
		}
	});
});
