import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {after, before, describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {runCli} from './helpers/cli.js';
import {KEYS, mountLive} from './helpers/ink.js';
import {goLikeRoutes, serve, startFakeTarget, type FakeTarget, type Route} from './helpers/fake-target.js';
import {encodeProfile, HEAP_TYPES, manyFunctionsProfile} from './helpers/profile-builder.js';

/** Names a hostile or broken target could send: cursor moves, window titles, clipboard writes, bells, CR tricks. */
const EVIL_FUNCTION = 'main.evil\u001b[2J\u001b]0;pwned\u0007\u001b]52;c;Y3VybCBldmlsfHNo\u0007';
const EVIL_FILE = '/src/x.go\rOVERWRITE\u009b31m';
const evilHeap = (inuse: number) =>
	encodeProfile({
		sampleTypes: HEAP_TYPES,
		samples: [
			{stack: [{function: EVIL_FUNCTION, file: EVIL_FILE, line: 7}, {function: 'main.main', file: '/src/main.go', line: 3}], values: [1, inuse, 1, inuse]},
			{stack: [{function: 'main.fine', file: '/src/fine.go', line: 9}], values: [1, 100, 1, 100]},
		],
	});
const evilGoroutines = encodeProfile({sampleTypes: [['goroutine', 'count']], samples: [{stack: [{function: 'runtime.gopark'}, {function: EVIL_FUNCTION, file: EVIL_FILE, line: 7}], values: [3]}]});
const evilVars = JSON.stringify({cmdline: ['/srv/app\u001b]0;title\u0007', '--flag'], 'key\u001b[31m': 5, memstats: JSON.parse(readFileSync('test/fixtures/demo-run/vars-03.json', 'utf8')).memstats});

/** No control characters at all, except the newlines between lines. */
function assertClean(text: string) {
	assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, JSON.stringify(text.slice(0, 300)));
}

const liveApp = (target: FakeTarget, options: Parameters<typeof mountLive>[1] = {}) => mountLive(target.url, options);

describe('nothing from the target reaches the terminal raw', () => {
	let target: FakeTarget;
	let dir = '';
	before(async () => {
		target = await startFakeTarget({
			...goLikeRoutes(),
			'/debug/pprof/heap': serve(evilHeap(4 << 20)),
			'/debug/pprof/goroutine': serve(evilGoroutines),
			'/debug/vars': serve(evilVars, 'application/json'),
		});
		dir = mkdtempSync(join(tmpdir(), 'leakwatch-hostile-'));
		writeFileSync(join(dir, 'base.pb.gz'), evilHeap(1 << 20));
		writeFileSync(join(dir, 'current.pb.gz'), evilHeap(4 << 20));
	});
	after(async () => {
		await target.close();
		rmSync(dir, {recursive: true, force: true});
	});

	it('diff prints names escaped, text and JSON', async () => {
		const text = await runCli(['diff', join(dir, 'base.pb.gz'), join(dir, 'current.pb.gz')]);
		assert.equal(text.code, 0, text.stderr);
		assertClean(text.stdout);
		assert.match(text.stdout, /main\.evil\\x1b\[2J\\x1b\]0;pwned\\x07/);
		const json = await runCli(['diff', join(dir, 'base.pb.gz'), join(dir, 'current.pb.gz'), '--json']);
		assertClean(json.stdout);
		assert.equal(JSON.parse(json.stdout).sites[0].file, '/src/x.go\\rOVERWRITE\\x9b31m');
	});

	it('check prints names and cmdline escaped', async () => {
		for (const args of [[], ['--json']]) {
			const result = await runCli(['check', target.url, '--duration', '1s', '--interval', '200ms', '--max-heap-growth', '1GB', ...args]);
			assert.equal(result.code, 0, result.stderr);
			assertClean(result.stdout + result.stderr);
		}
	});

	it('the dashboard shows names, cmdline and vars keys escaped', async () => {
		const live = await liveApp(target);
		try {
			const screen = await live.until(/main\.evil/);
			assert.match(screen, /cmd: \/srv\/app\\x1b\]0;title\\x07 --flag/);
			// The only escapes on screen are leakwatch's own styling.
			assert.doesNotMatch(live.rawFrame(), /\u001b(?!\[[\d;]*m)|\u0007|\r|[\u0080-\u009f]/);
			assert.match(screen, /main\.evil\\x1b\[2J/);
		} finally {
			await live.close();
		}
	});

	it('a snapshot report escapes them too', async () => {
		const live = await liveApp(target, {outDir: dir});
		try {
			await live.until(/main\.evil/);
			await live.press('s');
			await live.until(/snapshot written/);
			const folder = readdirSync(dir).find((name) => name.startsWith('leakwatch-'))!;
			assertClean(readFileSync(join(dir, folder, 'report.md'), 'utf8'));
			for (const file of readdirSync(join(dir, folder))) {
				if (file === 'history') continue;
				assert.equal(statSync(join(dir, folder, file)).mode & 0o777, 0o600, file);
			}
		} finally {
			await live.close();
		}
	});

	it('error bodies are escaped too', async () => {
		const broken = await startFakeTarget({'/debug/pprof/': serve('nope\u001b]0;x\u0007 go away', 'text/plain', 500)});
		try {
			const result = await runCli(['check', broken.url, '--duration', '1s']);
			assert.equal(result.code, 2);
			assertClean(result.stderr);
			assert.match(result.stderr, /HTTP 500 \(nope\\x1b\]0;x\\x07 go away\)/);
		} finally {
			await broken.close();
		}
	});
});

describe('the dashboard through faults', () => {
	it('waits for a target that is down at start, then shows it', async () => {
		const routes = goLikeRoutes();
		const target = await startFakeTarget({});
		const live = await liveApp(target);
		try {
			await live.until(/404 Not Found/);
			assert.match(live.frame(), /retrying/);
			target.routes = routes;
			await live.until(/main\.\(\*sessionStore\)\.remember/);
			await live.until(/cmd: /);
		} finally {
			await live.close();
			await target.close();
		}
	});

	it('keeps history through failures and says what failed', async () => {
		const routes = goLikeRoutes();
		const target = await startFakeTarget(routes);
		const live = await liveApp(target);
		try {
			await live.until(/main\.\(\*sessionStore\)\.remember/);
			const pointsBefore = live.model.series.goroutines.count;
			target.routes = {...routes, '/debug/vars': serve('<html>maintenance</html>', 'text/html'), '/debug/pprof/heap': serve(Buffer.from([0x1f, 0x8b, 0x08, 0x00]))};
			await live.until(/is not JSON \(got HTML\)|truncated/);
			assert.match(live.frame(), /main\.\(\*sessionStore\)\.remember/, 'the ranking is still there');
			assert.ok(live.model.series.goroutines.count >= pointsBefore);
		} finally {
			await live.close();
			await target.close();
		}
	});

	it('a hanging endpoint times out and requests never pile up', async () => {
		const inFlight = new Map<string, number>();
		let worst = 0;
		const hang: Route = (request, response) => {
			const path = request.url ?? '';
			inFlight.set(path, (inFlight.get(path) ?? 0) + 1);
			worst = Math.max(worst, inFlight.get(path)!);
			const done = () => inFlight.set(path, inFlight.get(path)! - 1);
			response.on('close', done);
		};
		const target = await startFakeTarget({...goLikeRoutes(), '/debug/vars': hang, '/debug/pprof/heap': hang});
		const live = await liveApp(target, {intervalMs: 50, timeoutMs: 300});
		try {
			await live.until(/did not answer within 0\.3s/);
			await delay(2000);
			assert.equal(worst, 1, 'one request at a time per endpoint');
			const varsRequests = target.requests.filter((r) => r.path === '/debug/vars').length;
			assert.ok(varsRequests <= 8, `backs off: ${varsRequests} requests in ~2.5 s`);
		} finally {
			await live.close();
			await target.close();
		}
	});

	it('says the target restarted and resets the baseline', async () => {
		const routes = goLikeRoutes(7);
		const target = await startFakeTarget(routes);
		const live = await liveApp(target);
		try {
			await live.until(/main\.\(\*sessionStore\)\.remember/);
			// The process comes back: counters start from scratch.
			target.routes = goLikeRoutes(0);
			await live.until(/target restarted/);
			assert.ok(live.model.restarts.length >= 1);
		} finally {
			await live.close();
			await target.close();
		}
	});
});

describe('the runtime leak detector (Go 1.26+ goroutineleak)', () => {
	it('is fetched when the index lists it, and its verdict shows in the goroutine pane', async () => {
		const routes = goLikeRoutes();
		const index = readFileSync('test/fixtures/demo-run/index-05.html', 'utf8').replace(
			'</table>',
			"<tr><td>3</td><td><a href='goroutineleak?debug=1'>goroutineleak</a></td></tr></table>",
		);
		const leaked = encodeProfile({sampleTypes: [['goroutine', 'count']], samples: [{stack: [{function: 'runtime.gopark'}, {function: 'main.stuck', file: '/src/s.go', line: 4}], values: [3]}]});
		const target = await startFakeTarget({...routes, '/debug/pprof/': serve(index, 'text/html'), '/debug/pprof/goroutineleak': serve(leaked)});
		const live = await liveApp(target, {leakIntervalMs: 300});
		try {
			await live.until(/Heap allocation sites/);
			await live.press(KEYS.tab);
			await live.until(/runtime: 3 goroutines proven leaked/);
			assert.ok(target.requests.some((r) => r.path === '/debug/pprof/goroutineleak'));
		} finally {
			await live.close();
			await target.close();
		}
	});

	it('is not asked for when the target does not list it', async () => {
		const target = await startFakeTarget(goLikeRoutes());
		const live = await liveApp(target, {leakIntervalMs: 200});
		try {
			await live.until(/Heap allocation sites/);
			await delay(500);
			assert.ok(!target.requests.some((r) => r.path === '/debug/pprof/goroutineleak'));
		} finally {
			await live.close();
			await target.close();
		}
	});
});

describe('secrets', () => {
	it('a redirect to another host does not carry headers or credentials', async () => {
		const other = await startFakeTarget(goLikeRoutes());
		const seenByOther: http.IncomingHttpHeaders[] = [];
		other.routes = Object.fromEntries(
			Object.entries(goLikeRoutes()).map(([path, route]) => [
				path,
				(request: http.IncomingMessage, response: http.ServerResponse) => {
					seenByOther.push(request.headers);
					route(request, response);
				},
			]),
		);
		// Same address, different host name: another origin.
		const elsewhere = other.url.replace('127.0.0.1', 'localhost');
		const redirect: Route = (request, response) => {
			response.writeHead(302, {location: `${elsewhere}${request.url}`});
			response.end();
		};
		const target = await startFakeTarget({'/debug/pprof/': redirect, '/debug/vars': redirect, '/debug/pprof/heap': redirect, '/debug/pprof/goroutine': redirect});
		try {
			const url = target.url.replace('http://', 'http://bob:pa55word@');
			const result = await runCli(['check', url, '--duration', '1s', '--interval', '300ms', '--header', 'X-Api-Key: k3y']);
			assert.equal(result.code, 0, result.stderr);
			assert.ok(seenByOther.length > 0);
			for (const headers of seenByOther) {
				assert.equal(headers.authorization, undefined);
				assert.equal(headers['x-api-key'], undefined);
			}
			assert.doesNotMatch(result.stdout + result.stderr, /pa55word|k3y|bob/);
		} finally {
			await target.close();
			await other.close();
		}
	});
});

describe('hostile targets, round two: numbers and sizes that must not cost the process', () => {
	it('a profile with more entries than the decode budget is refused at once, in one line, before anything is built', async () => {
		const target = await startFakeTarget({...goLikeRoutes(), '/debug/pprof/heap': serve(manyFunctionsProfile(210_000))});
		try {
			const result = await runCli(['check', target.url, '--duration', '3s']);
			assert.equal(result.code, 2);
			assert.match(result.stderr, /^leakwatch: heap profile from \S+ is too large: it holds more than 600,000 samples, locations and functions, the most leakwatch decodes within its memory budget\n$/);
		} finally {
			await target.close();
		}
	});

	it('the dashboard answers keys while a large profile is decoded (off the main thread)', async () => {
		const target = await startFakeTarget({...goLikeRoutes(), '/debug/pprof/heap': serve(manyFunctionsProfile(150_000))});
		const live = await liveApp(target, {intervalMs: 200, profileIntervalMs: 60_000});
		try {
			const deadline = Date.now() + 10_000;
			while (!target.requests.some((request) => request.path === '/debug/pprof/heap') && Date.now() < deadline) await delay(20);
			await live.press('?');
			await live.until(/Keys/, 2000);
			assert.equal(live.model.heap.latest, undefined, 'the help answered while the profile was still decoding');
		} finally {
			await live.close();
			await target.close();
		}
	});

	it('check says the target restarted, and counts growth from the restart', async () => {
		const target = await startFakeTarget(goLikeRoutes(7));
		setTimeout(() => (target.routes = goLikeRoutes(0)), 1500);
		try {
			const json = await runCli(['check', target.url, '--duration', '4s', '--interval', '250ms', '--json', '--max-goroutine-growth', '1000']);
			const report = JSON.parse(json.stdout) as {restarts: string[]; goroutines: {start: number}};
			assert.equal(report.restarts.length, 1, json.stdout);
			target.routes = goLikeRoutes(7);
			setTimeout(() => (target.routes = goLikeRoutes(0)), 1500);
			const text = await runCli(['check', target.url, '--duration', '4s', '--interval', '250ms', '--max-goroutine-growth', '1000']);
			assert.match(text.stdout, /Note: the target restarted during the check \(.+\); growth counts from the last restart/);
		} finally {
			await target.close();
		}
	});

	it("one failing poll at the very end of a check loses a point, not the check", async () => {
		const target = await startFakeTarget(goLikeRoutes());
		setTimeout(() => {
			target.routes = {...target.routes, '/debug/vars': serve('bad gateway', 'text/plain', 502), '/debug/pprof/': serve('bad gateway', 'text/plain', 502)};
		}, 2700);
		try {
			const result = await runCli(['check', target.url, '--duration', '3s', '--interval', '250ms', '--json']);
			assert.ok(result.code === 0 || result.code === 1, result.stderr);
			assert.ok(JSON.parse(result.stdout).heap.points >= 1);
		} finally {
			await target.close();
		}
	});

	it('NumGC sent as a string, a cmdline nested 10,000 deep, gzip-compressed JSON: numbers or one line, never a crash', async () => {
		const vars = JSON.parse(readFileSync('test/fixtures/demo-run/vars-05.json', 'utf8')) as {memstats: Record<string, unknown>};
		vars.memstats.NumGC = '12';
		const stringy = await startFakeTarget({...goLikeRoutes(), '/debug/vars': serve(JSON.stringify(vars), 'application/json')});
		const deep = await startFakeTarget({...goLikeRoutes(), '/debug/vars': serve(`{"cmdline":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 'application/json')});
		const zipped = await startFakeTarget({...goLikeRoutes(), '/debug/vars': serve(gzipSync(JSON.stringify(vars)), 'application/json')});
		try {
			const first = await runCli(['check', stringy.url, '--duration', '2s', '--json']);
			assert.equal(typeof JSON.parse(first.stdout).gc.cycles, 'number', first.stdout);
			// A cmdline that is not a list of strings is no cmdline: the check goes on without it.
			const nested = await runCli(['check', deep.url, '--duration', '2s', '--json']);
			assert.ok(nested.code === 0 || nested.code === 1, nested.stderr);
			assert.equal(JSON.parse(nested.stdout).target, deep.url);
			const gzipped = await runCli(['check', zipped.url, '--duration', '2s']);
			assert.equal(gzipped.code, 2);
			assert.match(gzipped.stderr, /^leakwatch: [^\n]*gzip-compressed[^\n]*\n$/);
		} finally {
			await Promise.all([stringy.close(), deep.close(), zipped.close()]);
		}
	});

	it('a crafted snapshot replays safely: its cmdline, var names and profile names are escaped', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'leakwatch-crafted-'));
		try {
			const target = await startFakeTarget({...goLikeRoutes(), '/debug/pprof/heap': serve(evilHeap(4 << 20))});
			const live = await liveApp(target, {outDir: dir});
			try {
				await live.until(/evil/);
				await live.press('s');
				await live.until(/snapshot written/);
			} finally {
				await live.close();
				await target.close();
			}
			const snapshot = join(dir, readdirSync(dir)[0]!);
			const series = JSON.parse(readFileSync(join(snapshot, 'series.json'), 'utf8')) as Record<string, unknown>;
			series.cmdline = '/srv/app \u001b]52;c;Y3VybCBldmlsfHNo\u0007\u001b]0;owned\u0007';
			series.custom = {'evil\u001b[2Jname': {raw: [[1, 1]], levels: []}};
			writeFileSync(join(snapshot, 'series.json'), JSON.stringify(series));
			const {Decoder} = await import('../source/decode/decoder.js');
			const {loadReplay} = await import('../source/app/replay.js');
			const decoder = new Decoder();
			try {
				const {model} = await loadReplay(snapshot, decoder, 2 ** 26);
				assertClean(model.cmdline);
				for (const name of model.custom.keys()) assertClean(name);
				const frame = (await mountDashboardOn(model)).rawFrame();
				assert.doesNotMatch(frame, /\u001b(?!\[[\d;]*m)|\u0007/);
			} finally {
				await decoder.close();
			}
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

async function mountDashboardOn(model: import('../source/model/model.js').Model) {
	const {mountDashboard} = await import('./helpers/ink.js');
	const mounted = await mountDashboard({model, mode: 'replay', color: true});
	mounted.unmount();
	return mounted;
}
