import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Vars} from '../source/decode/expvar.js';
import type {GoroutineGroup} from '../source/decode/goroutine-groups.js';
import {summarizeHeap, type HeapSite} from '../source/decode/heap-sites.js';
import {siteStacks} from '../source/decode/site-stacks.js';
import {buildCheckReport} from '../source/model/check-report.js';
import {apply, createModel, rankingAt, type Model} from '../source/model/model.js';
import {FIXTURE_START, recordedEvents, recordedModel} from './helpers/fixtures.js';
import {encodeProfile, HEAP_TYPES} from './helpers/profile-builder.js';

const siteNamed = (model: Model, name: string) => rankingAt(model.heap)!.rows.find((row) => (row.info as HeapSite).name === name);
const groupNamed = (model: Model, name: string) => rankingAt(model.goroutines)!.rows.find((row) => (row.info as GoroutineGroup).name.function === name);

describe('model on a recorded demo run', () => {
	it('ranks the leaking allocation site first and calls it leaking; churn and the full cache are not', async () => {
		const {model} = await recordedModel();
		const top = rankingAt(model.heap)!.rows[0]!;
		assert.equal((top.info as HeapSite).name, 'main.(*sessionStore).remember');
		assert.equal(top.judgement.verdict, 'leaking');
		assert.ok(top.judgement.ratePerMinute > 0 && top.judgement.rateUncertainty > 0);
		assert.ok(top.growth[3]! > 0 && top.growth[2]! > 0, 'bytes and objects grow');
		assert.notEqual(siteNamed(model, 'main.churn')?.judgement.verdict ?? 'flat', 'leaking');
		const cache = siteNamed(model, 'main.fillCache');
		assert.ok(cache && cache.judgement.verdict !== 'leaking' && cache.growth[3] === 0);
	});

	it('finds the leaking goroutine group by the function that waits', async () => {
		const {model} = await recordedModel();
		const top = rankingAt(model.goroutines)!.rows[0]!;
		const info = top.info as GoroutineGroup;
		assert.equal(info.name.function, 'main.handleJob');
		assert.equal(info.stack[0]!.function, 'runtime.gopark');
		assert.equal(top.judgement.verdict, 'leaking');
		const pool = groupNamed(model, 'main.idleWorker');
		assert.ok(pool && pool.judgement.verdict === 'flat' && pool.growth[0] === 0);
	});

	it('gives the same verdicts on a run recorded from the demo built with Go 1.19', async () => {
		const model = createModel();
		for (const event of await recordedEvents(FIXTURE_START, 'test/fixtures/demo-run-go1.19')) apply(model, event);
		const site = rankingAt(model.heap)!.rows[0]!;
		assert.equal((site.info as HeapSite).name, 'main.(*sessionStore).remember');
		assert.equal(site.judgement.verdict, 'leaking');
		const group = rankingAt(model.goroutines)!.rows[0]!;
		assert.equal((group.info as GoroutineGroup).name.function, 'main.handleJob');
		assert.equal(group.judgement.verdict, 'leaking');
		assert.match(model.cmdline, /leakydemo/);
	});

	it('finds the stacks under a site for drill-down', async () => {
		const {model} = await recordedModel();
		const top = rankingAt(model.heap)!.rows[0]!;
		const stacks = await siteStacks(model.heap.latest!.raw, model.heap.baseline?.raw, top.key, 'inuse_space', {maxBytes: 2 ** 26, what: 'heap'});
		assert.ok(stacks.stacks.length >= 1);
		assert.equal(stacks.stacks[0]!.frames[0]!.function, 'main.(*sessionStore).remember');
		assert.ok(stacks.stacks[0]!.frames.some((frame) => frame.function === 'main.main'));
		const growth = stacks.stacks.reduce((sum, stack) => sum + stack.current[3]! - stack.baseline[3]!, 0);
		assert.equal(growth, top.growth[3]);
	});

	it('fills the runtime series from vars and the index, and judges the live heap after GC', async () => {
		const {model} = await recordedModel();
		assert.equal(model.series.heapInuse.count, 8);
		assert.ok(model.series.goroutines.valueAt() > model.series.goroutines.columns(model.series.goroutines.firstTime!, 1000, 1)[0]!.mean);
		assert.match(model.cmdline, /leakydemo/);
		assert.equal(model.liveHeapSource, 'goal');
		assert.equal(model.liveHeap.verdict, 'leaking');
	});

	it('growth counts from a baseline marked later', async () => {
		const {model, rest, events} = await recordedModel(12);
		apply(model, {type: 'mark-baseline', time: events[11]!.time});
		assert.equal(siteNamed(model, 'main.(*sessionStore).remember')!.growth[3], 0);
		for (const event of rest) apply(model, event);
		const later = siteNamed(model, 'main.(*sessionStore).remember')!.growth[3]!;
		const whole = rankingAt((await recordedModel()).model.heap)!.rows[0]!.growth[3]!;
		assert.ok(later > 0 && later < whole);
	});

	it('builds the check report: every contract field kept, the new ones added', async () => {
		const {model} = await recordedModel();
		const {report, reasons} = buildCheckReport(model, 'http://x', 14_000, {}, 10);
		for (const key of ['target', 'durationSeconds', 'heap', 'gc', 'goroutines', 'growingSites', 'goroutineGroups', 'leakSuspected']) assert.ok(key in report, key);
		for (const key of ['startInuseBytes', 'endInuseBytes', 'growthBytes', 'growthBytesPerMinute']) assert.ok(key in report.heap, key);
		const site = report.growingSites[0]!;
		for (const key of ['function', 'file', 'line', 'growthBytes', 'growthObjects', 'inuseBytes', 'score', 'verdict', 'ratePerMinute', 'rateUncertainty', 'caller', 'growthObjectsPerMinute', 'stacks']) assert.ok(key in site, key);
		const group = report.goroutineGroups[0]!;
		for (const key of ['function', 'file', 'line', 'count', 'growth', 'stack', 'verdict', 'ratePerMinute', 'rateUncertainty', 'caller', 'runtimeLeaked']) assert.ok(key in group, key);
		assert.equal(site.function, 'main.(*sessionStore).remember');
		assert.equal(site.verdict, 'leaking');
		assert.ok(report.growingSites.every((s) => s.verdict === 'leaking'), 'growingSites lists only leaking sites');
		assert.equal(group.function, 'main.handleJob');
		assert.equal(group.runtimeLeaked, 0);
		assert.ok(report.gc.cycles > 0);
		assert.ok(report.goroutines.growth > 0);
		assert.equal(report.leakSuspected, true);
		assert.ok(reasons.length >= 2);
		assert.match(report.heap.signal, /live heap after GC/);

		const relaxed = buildCheckReport(model, 'http://x', 14_000, {maxHeapGrowth: {kind: 'bytes', bytes: 2 ** 40}}, 10);
		assert.equal(relaxed.report.leakSuspected, false, 'thresholds given: they alone decide');
		const strict = buildCheckReport(model, 'http://x', 14_000, {maxGoroutineGrowth: {kind: 'count', count: 1}}, 10);
		assert.equal(strict.report.leakSuspected, true);
	});
});

describe('model events', () => {
	const heap = async (inuse: number, alloc: number) => {
		const raw = encodeProfile({sampleTypes: HEAP_TYPES, samples: [{stack: [{function: 'main.grow', file: 'm.go', line: 3}], values: [1, alloc, 1, inuse]}]});
		return {raw, summary: await summarizeHeap(raw, {maxBytes: 2 ** 20, what: 'hand'})};
	};
	const vars = (numGC: number, totalAlloc: number, heapInuse = 1, nextGC = 8 * 2 ** 20): Vars => ({
		memstats: {
			heapInuse, heapAlloc: heapInuse, heapObjects: 1, heapSys: 1, heapIdle: 0, heapReleased: 0, stackInuse: 0, sys: 1, nextGC,
			numGC, numForcedGC: 0, pauseTotalNs: 0, gcCPUFraction: 0, totalAlloc, mallocs: totalAlloc, frees: 0, lastGCMs: 0, pauseNs: [],
		},
		cmdline: '/srv/app',
		numbers: new Map<string, number>(),
	});

	it('detects a restart from counters going backwards, marks a gap and resets the baseline', async () => {
		const model = createModel();
		apply(model, {type: 'tick', time: 1000, vars: vars(10, 5000)});
		apply(model, {type: 'heap', time: 1000, ...(await heap(100, 1000))});
		apply(model, {type: 'tick', time: 2000, vars: vars(12, 6000)});
		apply(model, {type: 'heap', time: 2000, ...(await heap(200, 2000))});
		apply(model, {type: 'tick', time: 3000, vars: vars(1, 100)});
		assert.equal(model.restarts.length, 1);
		assert.match(model.note!.text, /restarted/);
		assert.equal(model.series.heapInuse.columns(1000, 1000, 3)[2]!.gap, true, 'a gap marks the restart');
		assert.equal(model.heap.tracker, undefined, 'growth history restarts with the process');
	});

	it('detects a restart from the heap profile alone (no expvar)', async () => {
		const model = createModel();
		apply(model, {type: 'heap', time: 1000, ...(await heap(100, 5000))});
		apply(model, {type: 'heap', time: 2000, ...(await heap(50, 10))});
		assert.equal(model.restarts.length, 1);
	});

	it('keeps a failure per source until that source succeeds again', () => {
		const model = createModel();
		apply(model, {type: 'poll-failed', time: 1, source: 'vars', message: 'connection refused'});
		assert.equal(model.failures.vars?.message, 'connection refused');
		apply(model, {type: 'tick', time: 2, vars: vars(1, 1)});
		assert.equal(model.failures.vars, undefined);
	});

	it('judges heap growth on what survives GC, not on the sawtooth', () => {
		const model = createModel();
		// Heap in use saws between 10 and 30 MiB; the GC goal (what survives, doubled) stays at 20 MiB.
		for (let i = 0; i < 40; i++) apply(model, {type: 'tick', time: i * 1000, vars: vars(i, i * 1e6, (10 + (i % 5) * 5) * 2 ** 20, 20 * 2 ** 20)});
		assert.equal(model.liveHeap.verdict, 'flat');
		assert.equal(model.liveHeap.ratePerMinute, 0);
		const {report} = buildCheckReport(model, 'http://x', 40_000, {maxHeapGrowth: {kind: 'bytes', bytes: 2 * 2 ** 20}}, 10);
		assert.equal(report.heap.growthBytes, 0);
		assert.equal(report.leakSuspected, false, '--max-heap-growth compares the live heap');
	});

	it('gives no rate before three points, and one point per GC, not per poll', () => {
		const model = createModel();
		for (let i = 0; i < 10; i++) apply(model, {type: 'tick', time: i * 1000, vars: vars(i < 5 ? 1 : 2, i, 1, (i < 5 ? 8 : 9) * 2 ** 20)});
		assert.equal(model.liveHeapPoints.length, 2);
		assert.ok(Number.isNaN(model.liveHeap.ratePerMinute));
	});

	it('holds fixed memory however long it runs', () => {
		const model = createModel();
		for (let i = 0; i < 20_000; i++) apply(model, {type: 'tick', time: i * 1000, vars: vars(i, i * 10)});
		const saved = model.series.heapInuse.toJSON();
		assert.ok(saved.raw.length <= 600);
		assert.ok(saved.levels.every((level) => level.buckets.length <= 720));
		assert.ok(model.liveHeapPoints.length <= 64);
	});

	it('keeps the recorded run\'s events in order', async () => {
		const events = await recordedEvents();
		assert.ok(events.every((event, i) => i === 0 || event.time >= events[i - 1]!.time));
	});
});
