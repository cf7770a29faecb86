/**
 * The Go services people run: the demo built with today's Go (1.26) and with
 * Debian's Go 1.19; Go 1.26's goroutineleak profile (the demo built with
 * GOEXPERIMENT=goroutineleakprofile); and a service instrumented with the real
 * Prometheus client (client_golang's runtime/metrics collector on /metrics).
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {summarizeHeap} from '../source/decode/heap-sites.js';
import {siteStacks} from '../source/decode/site-stacks.js';
import type {CheckReport} from '../source/model/check-report.js';
import {runCli} from './helpers/cli.js';
import {DEMO_BIN, needsGo, startDemo, type Demo} from './helpers/demo.js';
import {KEYS, mountLive} from './helpers/ink.js';

const GO119_DEMO = resolve('test/.work/go1.19/leakydemo');
const LEAKPROFILE_DEMO = resolve('test/.work/leakydemo-leakprofile');
const PROMDEMO = resolve('test/.work/promdemo');
// Sampled every 64 KiB: a 10 s check sees the heap leak clearly (at Go's default 512 KiB it may honestly be "too few samples").
const LEAKY = ['-leak-bytes', String(1 << 20), '-leak-goroutines', '5', '-mem-profile-rate', String(64 << 10)];

async function check(url: string, duration = '10s'): Promise<{code: number | null; report: CheckReport; stdout: string; stderr: string}> {
	const json = await runCli(['check', url, '--duration', duration, '--interval', '500ms', '--json']);
	return {code: json.code, report: JSON.parse(json.stdout) as CheckReport, stdout: json.stdout, stderr: json.stderr};
}

for (const [version, binary] of [
	['Go 1.26', DEMO_BIN],
	['Go 1.19', GO119_DEMO],
] as const) {
	describe(`the demo built with ${version}`, {skip: needsGo || (existsSync(binary) ? false : `no ${binary} (bash .ci/run installs golang-1.19-go)`)}, () => {
		let demo: Demo;
		before(async () => {
			demo = await startDemo(LEAKY, binary);
		});
		after(() => demo?.stop());

		it('check finds the heap site and the goroutine group that leak, and exits 1', async () => {
			const {code, report, stderr} = await check(demo.url);
			assert.equal(code, 1, stderr);
			assert.equal(report.growingSites[0]?.function, 'main.(*sessionStore).remember', JSON.stringify(report.sites.slice(0, 3)));
			assert.ok(report.goroutineGroups.some((group) => group.function === 'main.handleJob'));
			assert.equal(report.runtimeLeakedGoroutines, null, 'no goroutineleak profile without the experiment');
		});

		it('the dashboard shows its heap, GC and goroutines', async () => {
			const live = await mountLive(demo.url, {intervalMs: 200, profileIntervalMs: 400});
			try {
				await live.until(/main\.\(\*sessionStore\)\.remember/, 15_000);
				assert.match(live.frame(), /memory/);
				assert.match(live.frame(), /goroutines/);
			} finally {
				await live.close();
			}
		});
	});
}

describe("Go 1.26's goroutineleak profile: leaks the runtime proves", {skip: needsGo || (existsSync(LEAKPROFILE_DEMO) ? false : 'needs Go 1.26 (GOEXPERIMENT=goroutineleakprofile)')}, () => {
	let demo: Demo;
	before(async () => {
		demo = await startDemo(LEAKY, LEAKPROFILE_DEMO);
	});
	after(() => demo?.stop());

	it('check: each group gets the runtime\'s count, proven groups come first, and a proven leak is a leak', async () => {
		const {code, report} = await check(demo.url, '6s');
		assert.equal(code, 1);
		assert.ok(report.runtimeLeakedGoroutines! > 0, String(report.runtimeLeakedGoroutines));
		const first = report.goroutineGroups[0]!;
		assert.equal(first.function, 'main.handleJob');
		assert.ok(first.runtimeLeaked > 0 && first.runtimeLeaked <= first.count + 5, JSON.stringify(first));
		assert.ok(report.groups.filter((group) => group.function !== 'main.handleJob').every((group) => group.runtimeLeaked === 0), 'the idle pool is waiting, not leaked');
		const text = await runCli(['check', demo.url, '--duration', '4s']);
		assert.match(text.stdout, /goroutines proven leaked \(goroutineleak profile\)/);
		assert.match(text.stdout, /proven leaked by the runtime/);
	});

	it('the goroutine pane shows the proven leak above the trend verdicts', async () => {
		const live = await mountLive(demo.url, {intervalMs: 200, profileIntervalMs: 400, leakIntervalMs: 1000});
		try {
			await live.until(/goroutines/, 10_000);
			await live.press(KEYS.tab);
			const frame = await live.until(/LEAKED \d+/, 15_000);
			const rows = frame.split('\n').filter((line) => /LEAKED|leaking|flat|churning/.test(line));
			assert.match(rows[0]!, /LEAKED \d+.*main\.handleJob/, frame);
		} finally {
			await live.close();
		}
	});
});

describe('a service with the real Prometheus client (client_golang) on /metrics', {skip: needsGo || (existsSync(PROMDEMO) ? false : 'promdemo not built (its modules come through the Go module proxy)')}, () => {
	let demo: Demo;
	before(async () => {
		demo = await startDemo(['-memory-limit', String(512 << 20)], PROMDEMO);
	});
	after(() => demo?.stop());

	it('check reads the runtime\'s own live heap from /metrics (client_golang also serves expvar: /metrics is the richer)', async () => {
		const {report} = await check(demo.url, '6s');
		assert.match(report.heap.signal, /runtime \/gc\/heap\/live:bytes/);
		assert.ok(report.heap.endInuseBytes > 0);
		assert.equal(report.goroutines.verdict, 'leaking');
	});

	it('the dashboard shows the live heap and GOMEMLIMIT, labelled', async () => {
		const live = await mountLive(demo.url, {intervalMs: 200, profileIntervalMs: 500, size: {columns: 120, rows: 36}});
		try {
			const frame = await live.until(/GOMEMLIMIT/, 15_000);
			assert.match(frame, /via \/metrics/);
			assert.match(frame, /live/);
			assert.match(frame, /512(\.0)? ?MiB/);
		} finally {
			await live.close();
		}
	});
});

describe('deep stacks (Go 1.23+ records up to 128 frames)', {skip: needsGo}, () => {
	it('decode whole: sites by their leaf, and the drill-down keeps every frame', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'leakwatch-deep-'));
		try {
			const file = join(dir, 'deep.pb.gz');
			execFileSync(resolve('test/.work/genprofile'), ['-depth', '6', '-prefix', '115', '-out', file]);
			const raw = readFileSync(file);
			const summary = await summarizeHeap(raw, {maxBytes: 2 ** 26, what: 'deep'});
			const leaves = summary.sites.filter((site) => /^main\.leaf\d+$/.test(site.function));
			assert.equal(leaves.length, 16, summary.sites.map((site) => site.name).join(', '));
			const stacks = await siteStacks(raw, undefined, leaves[0]!.key, 'inuse_space', {maxBytes: 2 ** 26, what: 'deep'});
			assert.ok(stacks.stacks[0]!.frames.length >= 120, String(stacks.stacks[0]!.frames.length));
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});
