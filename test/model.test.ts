import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {decodeLeafTotals} from '../source/decode/profile.js';
import {buildCheckReport} from '../source/model/check-report.js';
import {companionIndex, rankTracked} from '../source/model/ranking.js';
import {siteStacksFromRaw} from '../source/model/site-stacks.js';
import type {GoroutineGroupInfo, SiteInfo} from '../source/model/sites.js';
import {initialState, update, type State} from '../source/model/state.js';
import {GOROUTINE_RULE, HEAP_RULE} from '../source/model/trend.js';
import {recordedEvents} from './helpers/fixtures.js';
import {encodeProfile, HEAP_TYPES} from './helpers/profile-builder.js';

async function replayed(): Promise<State> {
	const state = initialState();
	for (const event of await recordedEvents()) update(state, event);
	return state;
}

function heapRanking(state: State) {
	const index = state.heap.sampleTypes.findIndex((vt) => vt.type === 'inuse_space');
	return rankTracked(state.heap.tracker!, {valueIndex: index, secondaryIndex: companionIndex(state.heap.sampleTypes, index), order: 'growth', rule: HEAP_RULE});
}

describe('model on a recorded demo run', () => {
	it('ranks the leaking allocation site first and calls it steady; churn is not', async () => {
		const ranked = heapRanking(await replayed());
		const top = ranked[0]!;
		assert.equal((top.info as SiteInfo).frame.function, 'main.(*sessionStore).remember');
		assert.ok(top.steady);
		assert.ok(top.growth > 0);
		assert.ok(top.secondaryGrowth > 0, 'objects grow too');
		const churn = ranked.find((site) => (site.info as SiteInfo).frame.function === 'main.churn');
		assert.ok(churn, 'churn site is tracked');
		assert.ok(!churn.steady);
		const cache = ranked.find((site) => (site.info as SiteInfo).frame.function === 'main.fillCache');
		assert.ok(cache && !cache.steady && cache.growth === 0);
	});

	it('finds the leaking goroutine group by its first non-runtime frame', async () => {
		const state = await replayed();
		const ranked = rankTracked(state.goroutines.tracker!, {valueIndex: 0, order: 'growth', rule: GOROUTINE_RULE});
		const top = ranked[0]!;
		const info = top.info as GoroutineGroupInfo;
		assert.equal(info.frame.function, 'main.handleJob');
		assert.equal(info.stack[0]!.function, 'runtime.gopark');
		assert.ok(top.steady && top.growth >= 10);
		const pool = ranked.find((group) => (group.info as GoroutineGroupInfo).frame.function === 'main.idleWorker');
		assert.ok(pool && !pool.steady && pool.growth === 0);
	});

	it('keeps the stacks under a site for drill-down', async () => {
		const state = await replayed();
		const site = heapRanking(state)[0]!;
		const stacks = siteStacksFromRaw(state.heap.latest!.raw, state.heap.baseline?.raw, site.key, 3);
		assert.ok(stacks.length >= 1);
		assert.equal(stacks[0]!.frames[0]!.function, 'main.(*sessionStore).remember');
		assert.ok(stacks[0]!.frames.some((frame) => frame.function === 'main.main'));
		assert.equal(stacks.reduce((sum, stack) => sum + stack.growth, 0), site.growth);
	});

	it('fills the runtime series from vars and the index', async () => {
		const state = await replayed();
		assert.equal(state.times.length, 8);
		assert.ok(state.series.heapInuse.toArray().every((v) => v > 0));
		assert.ok(state.series.goroutines.last()! > state.series.goroutines.at(0)!);
		assert.ok(state.series.gcCycles.toArray().slice(1).every((v) => v >= 0));
		assert.match(state.cmdline, /leakydemo/);
	});

	it('growth counts from a baseline marked later', async () => {
		const state = initialState();
		const events = await recordedEvents();
		for (const event of events.slice(0, 12)) update(state, event);
		update(state, {type: 'mark-baseline', time: events[11]!.time});
		const atMark = heapRanking(state).find((s) => (s.info as SiteInfo).frame.function === 'main.(*sessionStore).remember')!;
		assert.equal(atMark.growth, 0);
		for (const event of events.slice(12)) update(state, event);
		const later = heapRanking(state).find((s) => (s.info as SiteInfo).frame.function === 'main.(*sessionStore).remember')!;
		assert.ok(later.growth > 0 && later.growth < heapRanking(await replayed())[0]!.growth);
	});

	it('builds the check report with the contract fields', async () => {
		const state = await replayed();
		const {report, reasons} = buildCheckReport(state, 'http://x', 14_000, {}, 10);
		assert.deepEqual(Object.keys(report), ['target', 'durationSeconds', 'heap', 'gc', 'goroutines', 'growingSites', 'goroutineGroups', 'leakSuspected']);
		assert.deepEqual(Object.keys(report.heap), ['startInuseBytes', 'endInuseBytes', 'growthBytes', 'growthBytesPerMinute']);
		assert.deepEqual(Object.keys(report.growingSites[0]!), ['function', 'file', 'line', 'growthBytes', 'growthObjects', 'inuseBytes', 'score']);
		assert.deepEqual(Object.keys(report.goroutineGroups[0]!), ['function', 'file', 'line', 'count', 'growth', 'stack']);
		assert.equal(report.growingSites[0]!.function, 'main.(*sessionStore).remember');
		assert.ok(!report.growingSites.some((site) => site.function === 'main.churn'));
		assert.equal(report.goroutineGroups[0]!.function, 'main.handleJob');
		assert.ok(report.gc.cycles > 0);
		assert.ok(report.goroutines.growth > 0);
		assert.equal(report.leakSuspected, true);
		assert.ok(reasons.length >= 2);

		const relaxed = buildCheckReport(state, 'http://x', 14_000, {maxHeapGrowth: {kind: 'bytes', bytes: 2 ** 40}}, 10);
		assert.equal(relaxed.report.leakSuspected, false, 'thresholds given: they alone decide');
		const strict = buildCheckReport(state, 'http://x', 14_000, {maxGoroutineGrowth: {kind: 'count', count: 1}}, 10);
		assert.equal(strict.report.leakSuspected, true);
	});
});

describe('model events', () => {
	const heap = async (inuse: number, alloc: number) => {
		const raw = encodeProfile({sampleTypes: HEAP_TYPES, samples: [{stack: [{function: 'main.grow', file: 'm.go', line: 3}], values: [1, alloc, 1, inuse]}]});
		return {raw, profile: await decodeLeafTotals(raw, {maxBytes: 2 ** 20, what: 'hand'})};
	};
	const mem = (numGC: number, totalAlloc: number) => ({
		memstats: {
			heapInuse: 1, heapAlloc: 1, heapObjects: 1, heapSys: 1, heapIdle: 0, heapReleased: 0, stackInuse: 0, sys: 1, nextGC: 1,
			numGC, numForcedGC: 0, pauseTotalNs: 0, gcCPUFraction: 0, totalAlloc, mallocs: totalAlloc, frees: 0, lastGCMs: 0, pauseNs: [],
		},
		cmdline: '/srv/app',
		numbers: new Map<string, number>(),
	});

	it('detects a restart from counters going backwards, marks a gap and resets the baseline', async () => {
		const state = initialState();
		update(state, {type: 'tick', time: 1000, vars: mem(10, 5000)});
		update(state, {type: 'heap', time: 1000, ...(await heap(100, 1000))});
		update(state, {type: 'tick', time: 2000, vars: mem(12, 6000)});
		update(state, {type: 'heap', time: 2000, ...(await heap(200, 2000))});
		update(state, {type: 'tick', time: 3000, vars: mem(1, 100)});
		assert.equal(state.restarts.length, 1);
		assert.match(state.note!.text, /restarted/);
		assert.ok(state.series.heapInuse.toArray().some(Number.isNaN), 'a gap marks the restart');
		assert.equal(state.heap.tracker, undefined, 'growth history restarts with the process');
	});

	it('detects a restart from the heap profile alone (no expvar)', async () => {
		const state = initialState();
		update(state, {type: 'heap', time: 1000, ...(await heap(100, 5000))});
		update(state, {type: 'heap', time: 2000, ...(await heap(50, 10))});
		assert.equal(state.restarts.length, 1);
	});

	it('keeps a failure per source until that source succeeds again', () => {
		const state = initialState();
		update(state, {type: 'poll-failed', time: 1, source: 'vars', message: 'connection refused'});
		assert.equal(state.failures.vars?.message, 'connection refused');
		update(state, {type: 'tick', time: 2, vars: mem(1, 1)});
		assert.equal(state.failures.vars, undefined);
	});

	it('holds a fixed number of points however long it runs', () => {
		const state = initialState({seriesCapacity: 50, profileWindow: 10});
		for (let i = 0; i < 1000; i++) update(state, {type: 'tick', time: i * 1000, vars: mem(i, i * 10)});
		assert.equal(state.times.length, 50);
		assert.equal(state.series.heapInuse.length, 50);
	});
});
