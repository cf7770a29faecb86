/**
 * Accuracy on a service with the leaks Go services really have and the shapes
 * that look like leaks but are not (test/leakzoo). Four processes at once:
 * leaky and fixed, each with every allocation sampled (MemProfileRate 4096)
 * and with Go's default 512 KiB. Each gets a check from its start (the cache
 * and the warm-up table fill during it) and one after.
 *
 * What must hold: no decoy is ever called a leak, the fixed service passes,
 * every goroutine leak is found at either rate, and with fine sampling the heap
 * leaks are found too. With the default rate a small heap leak may be "too few
 * samples" (an honest answer), and the report says how much growth the
 * sampling can see at all.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {CheckReport} from '../source/model/check-report.js';
import {runCli} from './helpers/cli.js';
import {LEAKZOO_BIN, needsGo, startDemo, type Demo} from './helpers/demo.js';

type Run = {code: number; report: CheckReport; stderr: string};
type Runs = {before: Run; after: Run};

const DECOY_SITES = ['main.boundedCache', 'main.warmUp', 'main.bufferPool', 'main.sessionTable', 'main.jsonChurn', 'main.reusedSlice', 'main.goroutineChurn'];
const DECOY_GROUPS = ['main.goroutineChurn', 'main.jsonChurn', 'main.boundedCache'];
const HEAP_LEAKS = ['main.remember', 'main.slowLookup', 'main.keepTiny'];
const GOROUTINE_LEAKS = ['main.slowLookup', 'main.awaitShards.func1', 'main.beat', 'net/http.(*persistConn).readLoop', 'net/http.(*persistConn).writeLoop'];

async function checkTwice(demo: Demo): Promise<Runs> {
	const check = async (duration: string): Promise<Run> => {
		// LEAKWATCH_ACCURACY_OUT=DIR keeps each check's snapshot, to see why a verdict went wrong.
		const out = process.env.LEAKWATCH_ACCURACY_OUT ? ['--out', process.env.LEAKWATCH_ACCURACY_OUT] : [];
		const result = await runCli(['check', demo.url, '--duration', duration, '--json', '--top', '80', ...out], {timeoutMs: 90_000});
		assert.ok(result.code === 0 || result.code === 1, `check failed: ${result.stderr}`);
		return {code: result.code, report: JSON.parse(result.stdout) as CheckReport, stderr: result.stderr};
	};
	return {before: await check('30s'), after: await check('25s')};
}

const sitesOf = (report: CheckReport, name: string) => report.sites.filter((site) => site.function.startsWith(name) || site.name.includes(name));
const groupsOf = (report: CheckReport, name: string) => report.groups.filter((group) => group.function.startsWith(name) || group.entry === name);
const describeRows = (report: CheckReport) =>
	JSON.stringify({
		durationSeconds: report.durationSeconds,
		rows: [...report.sites.map((s) => `${s.verdict} ${s.name} (${s.profiles} profiles: ${s.reason})`), ...report.groups.map((g) => `${g.verdict} ${g.function} (${g.count}: ${g.reason})`)].filter((row) => !row.startsWith('flat')),
	});

describe('accuracy on leakzoo: the leaks found, the decoys not', {skip: needsGo, concurrency: true}, () => {
	const zoo: Record<string, Demo> = {};
	const runs: Record<string, Promise<Runs>> = {};
	before(async () => {
		const variants: Record<string, string[]> = {
			leaky4k: ['-mem-profile-rate', '4096'],
			clean4k: ['-clean', '-mem-profile-rate', '4096'],
			leaky512k: [],
			clean512k: ['-clean'],
		};
		await Promise.all(
			Object.entries(variants).map(async ([name, args]) => {
				zoo[name] = await startDemo([...args, '-cache-fill', '8s'], LEAKZOO_BIN);
				runs[name] = checkTwice(zoo[name]);
			}),
		);
	});
	after(async () => {
		await Promise.allSettled(Object.values(runs));
		await Promise.all(Object.values(zoo).map((demo) => demo.stop()));
	});

	it('never calls a decoy a leak, at either sampling rate, during the fill or after', async () => {
		for (const [name, pending] of Object.entries(runs)) {
			for (const [when, run] of Object.entries(await pending)) {
				for (const decoy of DECOY_SITES) {
					for (const site of sitesOf(run.report, decoy)) assert.notEqual(site.verdict, 'leaking', `${name} ${when}: ${site.name} ${site.reason}`);
				}
				for (const decoy of DECOY_GROUPS) {
					for (const group of groupsOf(run.report, decoy)) assert.notEqual(group.verdict, 'leaking', `${name} ${when}: ${group.function} ${group.reason}`);
				}
			}
		}
	});

	it('passes the fixed service (exit 0), and says the cache filled', async () => {
		for (const name of ['clean4k', 'clean512k']) {
			const {before: during, after: later} = await runs[name]!;
			for (const run of [during, later]) {
				assert.equal(run.code, 0, `${name}: ${describeRows(run.report)}`);
				assert.equal(run.report.leakSuspected, false);
				assert.equal(run.report.growingSites.length, 0, describeRows(run.report));
				assert.equal(run.report.goroutineGroups.length, 0, describeRows(run.report));
			}
			assert.notEqual(during.report.heap.verdict, 'leaking', `${name}: the live heap rose while the cache filled, then stopped`);
		}
		const cache = sitesOf((await runs.clean4k!).before.report, 'main.boundedCache')[0];
		assert.ok(cache, 'the cache is ranked while it fills');
		assert.ok(cache.verdict === 'filled' || cache.verdict === 'too few samples', `${cache.verdict}: ${cache.reason}`);
	});

	it('finds every goroutine leak at either rate, before and after', async () => {
		for (const name of ['leaky4k', 'leaky512k']) {
			for (const [when, run] of Object.entries(await runs[name]!)) {
				assert.equal(run.code, 1, `${name} ${when}: ${describeRows(run.report)} ${run.stderr}`);
				for (const leak of GOROUTINE_LEAKS) {
					const found = run.report.goroutineGroups.some((group) => group.function === leak || group.entry === leak);
					assert.ok(found, `${name} ${when}: ${leak} not found in ${describeRows(run.report)}`);
				}
			}
		}
	});

	it('finds the heap leaks with fine sampling, and never calls them flat with coarse sampling', async () => {
		for (const [when, run] of Object.entries(await runs.leaky4k!)) {
			for (const leak of HEAP_LEAKS) {
				assert.ok(run.report.growingSites.some((site) => site.function === leak), `leaky4k ${when}: ${leak} not found in ${describeRows(run.report)}`);
			}
			// The unclosed response bodies: their buffers, under the caller's own frame or net/http's.
			assert.ok(run.report.growingSites.some((site) => site.function.startsWith('bufio.New')), `leaky4k ${when}: no bufio buffers in ${describeRows(run.report)}`);
		}
		for (const [when, run] of Object.entries(await runs.leaky512k!)) {
			// A flat verdict is honest only below what the sampling can see, and the report says what that is.
			const limit = run.report.heapSiteDetectableGrowthBytes;
			assert.ok(limit >= 9 * 512 * 1024, String(limit));
			for (const leak of HEAP_LEAKS) {
				for (const site of sitesOf(run.report, leak)) {
					if (site.verdict === 'flat') assert.ok(site.growthBytes < limit, `leaky512k ${when}: ${site.name} grew ${site.growthBytes} B, called flat`);
				}
			}
		}
	});
});
