import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {checkText} from '../source/cli/check.js';
import type {CheckReport, GroupReport, SiteReport} from '../source/model/check-report.js';
import type {Verdict} from '../source/model/verdict.js';
import {runCli} from './helpers/cli.js';
import {needsGo, startDemo, type Demo} from './helpers/demo.js';
import {goLikeRoutes, startFakeTarget, type FakeTarget} from './helpers/fake-target.js';

type Report = CheckReport;

describe('leakwatch check against the real Go demo', {skip: needsGo, concurrency: true}, () => {
	let leaky: Demo;
	let quiet: Demo;
	before(async () => {
		[leaky, quiet] = await Promise.all([
			// Sampled every 64 KiB: a 12 s check sees the heap leak clearly (at Go's default it may honestly be "too few samples").
			startDemo(['-leak-bytes', String(1 << 20), '-leak-goroutines', '5', '-mem-profile-rate', String(64 << 10)]),
			startDemo(['-leak-bytes', '0', '-leak-goroutines', '0']),
		]);
	});
	after(async () => {
		await Promise.all([leaky?.stop(), quiet?.stop()]);
	});

	it('finds the leak site and the leaking goroutine group, not the churn, and exits 1', async () => {
		const result = await runCli(['check', leaky.url, '--duration', '12s', '--interval', '500ms', '--json']);
		assert.equal(result.code, 1, result.stderr);
		const report = JSON.parse(result.stdout) as Report;
		assert.equal(report.target, leaky.url);
		assert.ok(report.durationSeconds >= 12 && report.durationSeconds < 20);
		assert.equal(report.leakSuspected, true);
		assert.equal(report.growingSites[0]?.function, 'main.(*sessionStore).remember', JSON.stringify(report.sites.slice(0, 3)));
		assert.match(report.growingSites[0]!.file, /main\.go$/);
		assert.ok(report.growingSites[0]!.growthBytes > 2 ** 20);
		assert.ok(!report.growingSites.some((site) => site.function === 'main.churn'), 'churn is not growing');
		assert.ok(!report.growingSites.some((site) => site.function === 'main.fillCache'), 'a full cache is not growing');
		const group = report.goroutineGroups.find((g) => g.function === 'main.handleJob');
		assert.ok(group, JSON.stringify(report.goroutineGroups));
		assert.ok(group.growth >= 30);
		assert.ok(group.stack.some((frame) => frame.startsWith('runtime.gopark ')));
		assert.ok(!report.goroutineGroups.some((g) => g.function === 'main.idleWorker'));
		assert.ok(report.goroutines.growth >= 30);
		assert.ok(report.heap.growthBytes > 0 && report.heap.growthBytesPerMinute > 0);
		assert.ok(report.gc.cycles > 0);
	});

	it('says nothing is leaking in a run that does not leak, and exits 0', async () => {
		const result = await runCli(['check', quiet.url, '--duration', '12s', '--interval', '500ms', '--json']);
		assert.equal(result.code, 0, result.stdout + result.stderr);
		const report = JSON.parse(result.stdout) as Report;
		assert.equal(report.leakSuspected, false);
		assert.deepEqual(report.growingSites, []);
		assert.deepEqual(report.goroutineGroups, []);
	});

	it('prints a readable report and honours thresholds', async () => {
		const result = await runCli(['check', leaky.url, '--duration', '4s', '--max-heap-growth', '10GB', '--max-goroutine-growth', '100000']);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^leakwatch check http:\/\/127\.0\.0\.1:\d+ over \d/);
		assert.match(result.stdout, /heap in use/);
		assert.match(result.stdout, /No leak suspected\.\n$/);
		const strict = await runCli(['check', leaky.url, '--duration', '4s', '--max-goroutine-growth', '2']);
		assert.equal(strict.code, 1);
		assert.match(strict.stdout, /LEAK SUSPECTED: goroutine growth crossed --max-goroutine-growth/);
	});
});

describe('leakwatch check options', () => {
	let target: FakeTarget;
	before(async () => {
		target = await startFakeTarget();
	});
	after(() => target.close());

	it('sends --header and URL credentials, and never prints them', async () => {
		const url = target.url.replace('http://', 'http://alice:s3cret@');
		const result = await runCli(['check', url, '--duration', '2s', '--interval', '500ms', '--header', 'X-Token: hunter2', '--json']);
		assert.equal(result.code, 0, result.stderr);
		const seen = target.requests.at(-1)!.headers;
		assert.equal(seen['x-token'], 'hunter2');
		assert.equal(seen.authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
		assert.doesNotMatch(result.stdout + result.stderr, /s3cret|hunter2|alice/);
		assert.equal(JSON.parse(result.stdout).target, target.url);
	});

	it('takes handlers mounted elsewhere (--pprof-path, --vars-path)', async () => {
		const routes = goLikeRoutes();
		target.routes = Object.fromEntries(Object.entries(routes).map(([path, route]) => [path.replace('/debug/pprof', '/admin/pprof').replace('/debug/vars', '/admin/vars'), route]));
		try {
			const result = await runCli(['check', target.url, '--duration', '1s', '--interval', '200ms', '--pprof-path', '/admin/pprof', '--vars-path', '/admin/vars']);
			assert.equal(result.code, 0, result.stderr);
		} finally {
			target.routes = routes;
		}
	});
});

describe('the human report', () => {
	const site = (name: string, verdict: Verdict, reason: string): SiteReport => ({function: name, file: 'main.go', line: 1, growthBytes: 0, growthObjects: 0, inuseBytes: 0, score: 0, verdict, ratePerMinute: 0, rateUncertainty: 0, growthObjectsPerMinute: 0, caller: '', name, reason, profiles: 8, stacks: []});
	const group = (name: string, verdict: Verdict, reason: string): GroupReport => ({function: name, file: 'main.go', line: 1, count: 75, growth: 75, stack: [], verdict, ratePerMinute: 0, rateUncertainty: 0, caller: '', entry: name, runtimeLeaked: 0, reason});
	const report: CheckReport = {
		target: 'http://localhost:6060',
		durationSeconds: 30,
		heap: {startInuseBytes: 0, endInuseBytes: 0, growthBytes: 0, growthBytesPerMinute: 0, rateUncertainty: 0, verdict: 'flat', signal: 'live heap after GC', points: 15},
		gc: {cycles: 3, pauseTotalNs: 1000},
		goroutines: {start: 10, end: 85, growth: 75, ratePerMinute: 150, rateUncertainty: 10, verdict: 'too few samples'},
		growingSites: [],
		goroutineGroups: [],
		sites: [site('main.cache', 'filled', 'grew, then stopped'), site('main.slow', 'too few samples', 'rising steadily, but by less than counts yet: run longer'), site('main.quiet', 'flat', 'unchanged')],
		groups: [group('main.bursts.func1', 'too few samples', 'grew (clearly), but whether it still grows cannot be told from the last third yet: watch for longer')],
		samplingPeriodBytes: 4096,
		heapSiteDetectableGrowthBytes: 0,
		restarts: [],
		runtimeLeakedGoroutines: null,
		leakSuspected: false,
	};

	it('names the suspects it cannot tell yet beside "no leak", with why', () => {
		const text = checkText({report, reasons: [], notes: []});
		assert.match(text, /No allocation site is leaking\.\nFilled, not leaking: main\.cache\nCannot tell yet:\n {2}main\.slow · rising steadily/);
		assert.match(text, /No goroutine group is leaking\.\nCannot tell yet:\n {2}main\.bursts\.func1 \(75 now\) · grew \(clearly\)/);
		assert.doesNotMatch(text, /main\.quiet/);
	});
});
