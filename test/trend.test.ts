import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Tracker} from '../source/model/tracker.js';
import {HEAP_RULE, isSteadyGrowth, trendOf} from '../source/model/trend.js';

const MiB = 2 ** 20;
const times = (n: number) => Array.from({length: n}, (_, i) => i * 5000);

describe('trendOf', () => {
	it('a leak that rises in steps is steady growth', () => {
		const values = [10, 10, 11, 12, 12, 13, 14, 14, 15, 16].map((v) => v * MiB);
		const trend = trendOf(times(10), values);
		assert.equal(trend.monotonicity, 1);
		assert.equal(trend.coverage, 1);
		assert.ok(isSteadyGrowth(trend, HEAP_RULE));
		assert.ok(trend.score > 0);
	});

	it('churn that goes up and down is not', () => {
		const values = [5, 8, 4, 9, 5, 7, 4, 8, 5, 9].map((v) => v * MiB);
		const trend = trendOf(times(10), values);
		assert.ok(!isSteadyGrowth(trend, HEAP_RULE));
		assert.ok(trend.steadiness < 0.3);
	});

	it('a cache that filled early and stayed is not', () => {
		const values = [0, 40, 64, 64, 64, 64, 64, 64, 64, 64].map((v) => v * MiB);
		const trend = trendOf(times(10), values);
		assert.equal(trend.coverage, 0.25);
		assert.ok(!isSteadyGrowth(trend, HEAP_RULE));
	});

	it('a big flat site has no trend at all', () => {
		const trend = trendOf(times(10), new Array(10).fill(500 * MiB));
		assert.equal(trend.score, 0);
		assert.equal(trend.growth, 0);
	});

	it('ranks steady growth above a bigger single jump', () => {
		const leak = trendOf(times(10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((v) => v * MiB));
		const jump = trendOf(times(10), [0, 0, 0, 0, 0, 0, 0, 0, 0, 30].map((v) => v * MiB));
		assert.ok(leak.score > jump.score);
	});

	it('needs a few intervals before calling anything steady', () => {
		assert.ok(!isSteadyGrowth(trendOf([0, 5000], [0, 10 * MiB]), HEAP_RULE));
		assert.ok(isSteadyGrowth(trendOf([0, 5000, 10000], [0, 5 * MiB, 10 * MiB]), HEAP_RULE));
	});
});

describe('Tracker.trend', () => {
	it('matches the trend of the series it reads, across a window that wraps and a new baseline', () => {
		const tracker = new Tracker<string>({window: 5, valueCount: 2});
		const entry = (a: number, b: number) => new Map([['site', {key: 'site', info: 'site', values: Float64Array.of(a, b)}]]);
		for (let i = 0; i < 12; i++) {
			tracker.ingest(i * 5000, entry(i * i, 100 - i));
			if (i === 8) tracker.markBaseline();
			const item = tracker.items.get('site')!;
			for (const v of [0, 1]) {
				const {times, values} = tracker.series(item, v);
				assert.deepEqual(tracker.trend(item, v), trendOf(times, values), `profile ${i}, value ${v}`);
			}
		}
	});
});
