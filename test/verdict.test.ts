import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {History} from '../source/model/history.js';
import {ProfileSeries, SERIES_POINTS} from '../source/model/profile-series.js';
import {mannKendall, normalCdf, normalQuantile, senSlope} from '../source/model/stats.js';
import {OTHER_KEY, Tracker} from '../source/model/tracker.js';
import {judgeHeapSite, judgeLiveHeap} from '../source/model/model.js';
import {heapNoise, judge, type JudgeInput, type Judgement, type Verdict} from '../source/model/verdict.js';
import {arrivals, random, sampledSeries, type Allocation} from './helpers/sampled-site.js';

const MiB = 2 ** 20;
const KiB = 1024;
const times = (n: number, step = 5000) => Array.from({length: n}, (_, i) => i * step);
const exact = (values: number[], floor = 64 * KiB): JudgeInput => ({times: times(values.length), values, noise: () => 0, samples: Infinity, floor, remedy: 'run longer'});

/** Rows recorded from real profiles, [ms, alloc_objects, alloc_space, inuse_objects, inuse_space], judged as a site. */
function judgeRecorded(recorded: number[][], period: number, objectNoise?: number) {
	const points = recorded.map(([, allocObjects, allocSpace, inuseObjects, inuseSpace]) => ({allocObjects: allocObjects!, allocSpace: allocSpace!, inuseObjects: inuseObjects!, inuseSpace: inuseSpace!}));
	return judgeHeapSite(recorded.map(([time]) => time!), points, period, true, objectNoise);
}

describe('statistics', () => {
	it('Theil–Sen: the median pairwise slope, with Sen\'s interval around it', () => {
		const sen = senSlope([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 2, 4, 6, 8, 10, 12, 14, 16, 100]);
		assert.equal(sen.slope, 2, 'one outlier does not move it');
		assert.ok(sen.lower <= 2 && sen.upper >= 2);
		const few = senSlope([0, 1, 2], [0, 1, 2]);
		assert.ok(Number.isNaN(few.lower), 'three points give no interval at 95%');
	});

	it('Mann–Kendall: S, its variance with ties, and a one-sided p', () => {
		const rising = mannKendall([1, 2, 3, 4, 5, 6, 7, 8]);
		assert.equal(rising.s, 28);
		assert.ok(rising.pRising < 0.001);
		const tied = mannKendall([0, 0, 1, 1, 1, 2, 2]);
		assert.equal(tied.s, 16);
		assert.ok(Math.abs(tied.variance - (7 * 6 * 19 - 2 * 9 - 3 * 2 * 11 - 2 * 9) / 18) < 1e-9);
		assert.ok(tied.pRising < 0.05);
		assert.ok(mannKendall([3, 1, 4, 1, 5, 9, 2, 6]).pRising > 0.05);
	});

	it('the normal distribution', () => {
		assert.ok(Math.abs(normalCdf(1.96) - 0.975) < 1e-4);
		assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5);
		assert.ok(Math.abs(normalQuantile(normalCdf(-2.5)) + 2.5) < 1e-6);
	});
});

describe('judge: the shapes that fooled the old rule', () => {
	it('a leak that rises every interval is leaking, with a rate and its uncertainty', () => {
		const judgement = judge(exact([10, 11, 12, 13, 14, 15, 16, 17, 18].map((v) => v * MiB)));
		assert.equal(judgement.verdict, 'leaking');
		assert.ok(Math.abs(judgement.ratePerMinute - 12 * MiB) < 1e-6, String(judgement.ratePerMinute));
		assert.ok(judgement.rateUncertainty >= 0);
	});

	it('a cache that fills, then turns over at its cap (plateau), is filled, not leaking', () => {
		const next = random(1);
		const values = [0, 1.5, 3, 4.5, 6, 7.5, 8, 8, 8, 8].map((v, i) => v * MiB + (i > 5 ? (next() - 0.5) * 64 * KiB : 0));
		assert.equal(judge(exact(values)).verdict, 'filled');
	});

	it('a check that starts after the cache filled sees it flat', () => {
		const next = random(2);
		const values = Array.from({length: 10}, () => 8 * MiB + (next() - 0.5) * 64 * KiB);
		assert.notEqual(judge(exact(values)).verdict, 'leaking');
		assert.notEqual(judge(exact(values)).verdict, 'filled');
	});

	it('a map that grows with rehash dips (the old array freed a GC later) is leaking', () => {
		// 25 KiB/s for 75 s, and twice a new bucket array appears before the old one goes.
		const values = Array.from({length: 16}, (_, i) => i * 125 * KiB);
		values[5]! += 512 * KiB;
		values[11]! += 1024 * KiB;
		assert.equal(judge(exact(values)).verdict, 'leaking');
	});

	it('a leak in bursts is leaking once three bursts show its rhythm and the window ends inside it; two cannot tell', () => {
		const step = 512 * KiB;
		const three = judge(exact([0, 0, 1, 1, 1, 2, 2, 2, 3, 3].map((v) => v * step)));
		assert.equal(three.verdict, 'leaking', three.reason);
		assert.ok(three.ratePerMinute > 0, 'the mean rate of the staircase, not its median slope of 0');
		const two = judge(exact([0, 1, 1, 1, 1, 2, 2, 2, 2].map((v) => v * step)));
		assert.equal(two.verdict, 'too few samples', two.reason);
		assert.match(two.reason, /cannot be told/);
	});

	it('a few profiles are too few for a trend, unless nothing that matters was kept (a goroutine stack seen in passing)', () => {
		assert.equal(judge(exact([0, 1, 2, 3], 3)).verdict, 'too few samples');
		const passing = judge(exact([1, 0, 0, 0], 3));
		assert.equal(passing.verdict, 'flat', passing.reason);
		assert.equal(judge(exact([0, 5, 0, 1], 3)).verdict, 'flat');
		// Flat from a sampled profile that took few samples says so, with the remedy.
		const sampled = judge({...exact([0, 10, 0, 0, 10, 0, 0, 5].map((v) => v * KiB)), samples: 3, remedy: 'sample more'});
		assert.equal(sampled.verdict, 'flat');
		assert.match(sampled.reason, /from about 3\.0 samples: sample more$/);
	});

	it('a spike in the newest point only (the old block and its replacement both alive until the next GC) is not a leak yet', () => {
		const holder = judge(exact([0, 0, 0, 0, 512, 512, 512, 512, 1024].map((v) => v * KiB)));
		assert.notEqual(holder.verdict, 'leaking', holder.reason);
		const steady = judge(exact([5.1, 7.4, 8.6, 9.2, 10.8, 11.2, 12.0, 13.6].map((v) => v * MiB)));
		assert.equal(steady.verdict, 'leaking', 'a steady rise whose newest step is ordinary still is');
	});

	it('a warm-up that loaded twice and stopped long ago is filled', () => {
		assert.equal(judge(exact([0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2].map((v) => v * MiB))).verdict, 'filled');
	});

	it('jitter (a buffer pool that saw-tooths, churn) is seldom a leak: under 1% of 2,000 random series', () => {
		const next = random(3);
		let leaks = 0;
		for (let run = 0; run < 2000; run++) {
			const values = Array.from({length: 12}, () => 4 * MiB + next() * 2 * MiB);
			if (judge(exact(values)).verdict === 'leaking') leaks++;
		}
		assert.ok(leaks < 20, `${leaks} of 2000`);
	});

	it('a flat series is flat, and growth below the floor never matters', () => {
		assert.equal(judge(exact(new Array(10).fill(5 * MiB))).verdict, 'flat');
		assert.notEqual(judge(exact([0, 100, 200, 300, 400, 500, 600, 700])).verdict, 'leaking', '700 bytes');
	});

	it('goroutines that rose while falling back often: "too few samples", saying why, not "not clearly above its noise (Infinityσ)"', () => {
		// Counted exactly, so no noise: what fails is the monotone rule for goroutines (falls over a quarter of the rises).
		const values = [10, 14, 12, 16, 13, 17, 15, 19, 16, 20, 18, 22];
		const judged = judge({...exact(values, 3), monotone: true});
		assert.equal(judged.verdict, 'too few samples', judged.reason);
		assert.match(judged.reason, /falling back on the way/);
		assert.doesNotMatch(judged.reason, /Infinity|noise/);
	});

	it('needs six points before a trend, and says so', () => {
		const judgement = judge(exact([0, 1, 2].map((v) => v * MiB)));
		assert.equal(judgement.verdict, 'too few samples');
		assert.match(judgement.reason, /3 profiles so far; a trend needs 6/);
		assert.ok(Number.isFinite(judgement.ratePerMinute), 'a rate from three points');
		assert.ok(Number.isNaN(judge(exact([0, MiB])).ratePerMinute), 'no rate from two points');
	});
});

describe('judge: noise from the sampling, not a constant', () => {
	const period = 512 * KiB;
	/** A site in-use series with its allocation totals, sampled every `period` bytes in expectation. */
	const site = (inuse: number[], allocated: number[], objectSize: number, rate: number) => {
		const points = inuse.map((value, i) => ({inuseSpace: value, inuseObjects: value / objectSize, allocSpace: allocated[i]!, allocObjects: allocated[i]! / objectSize}));
		const whole = heapNoise(rate, points[0]!, points.at(-1)!);
		return judge({times: times(points.length), values: inuse, noise: (i, j) => heapNoise(rate, points[i]!, points[j]!).bytes, samples: whole.samples, floor: 64 * KiB, remedy: 'run longer'});
	};

	it('a slow leak at Go\'s default rate is "too few samples", never "no leak"', () => {
		// 25 KiB/s for 30 s: about 1.5 samples of it at 512 KiB.
		const inuse = [0, 0, 0, 512, 512, 512, 512].map((v) => v * KiB);
		const allocated = [0, 125, 250, 375, 500, 625, 750].map((v) => v * KiB);
		const judgement = site(inuse, allocated, 64, period);
		assert.equal(judgement.verdict, 'too few samples');
		assert.match(judgement.reason, /samples of what changed.*MemProfileRate|run longer/);
	});

	it('a fast leak sampled sparsely is not "filled" by a few intervals that caught nothing', () => {
		// 512-byte objects kept at 400 a second (200 KB/s) as Go samples them every 512 KiB, from a model of
		// the sampler: about 0.8 samples an interval. Its last third caught one sample where about four were
		// due at the rate before, which sampling gives one time in ten; it read "grew, then stopped".
		const leak = [[0, 0, 0, 0, 0], [2050, 0, 0, 0, 0], [4206, 0, 0, 0, 0], [6271, 1025, 524544, 1025, 524544], [8182, 2049, 1049088, 2049, 1049088], [10268, 5123, 2622720, 5123, 2622720], [12176, 6147, 3147264, 6147, 3147264], [14201, 7172, 3671808, 7172, 3671808], [16262, 8196, 4196352, 8196, 4196352], [18410, 9221, 4720896, 9221, 4720896], [20512, 10245, 5245440, 10245, 5245440], [22379, 11270, 5769984, 11270, 5769984], [24197, 11270, 5769984, 11270, 5769984], [26166, 11270, 5769984, 11270, 5769984], [28311, 11270, 5769984, 11270, 5769984]];
		const judgement = judgeRecorded(leak, 512 * KiB).primary;
		assert.equal(judgement.verdict, 'too few samples', judgement.reason);
	});

	it('a site the sampling never saw allocate is "unchanged" only from less than one sample: it says so', () => {
		// A string-interning leak of 6 KiB/s, checked for 60 s at 512 KiB: no sample in the window.
		const still = Array.from({length: 16}, () => 40 * KiB);
		const judgement = site(still, still, 32, period);
		assert.equal(judgement.verdict, 'flat');
		assert.match(judgement.reason, /^unchanged, from less than one sample: run longer/);
	});

	it('the same leak sampled every 16 KiB is leaking', () => {
		const inuse = [0, 125, 250, 375, 500, 625, 750].map((v) => v * KiB);
		assert.equal(site(inuse, inuse, 64, 16 * KiB).verdict, 'leaking');
	});

	it('a flat site with heavy turnover wanders within its noise and is not leaking', () => {
		const next = random(4);
		const inuse = Array.from({length: 10}, (_, i) => 8 * MiB + (next() - 0.5) * 400 * KiB + i * 20 * KiB);
		const allocated = Array.from({length: 10}, (_, i) => i * 3 * MiB);
		assert.notEqual(site(inuse, allocated, 1024, 16 * KiB).verdict, 'leaking');
	});

	it('the noise is sqrt(period × bytes) for small objects, none when every allocation is sampled', () => {
		const from = {allocObjects: 0, allocSpace: 0, inuseObjects: 0, inuseSpace: 0};
		const to = {allocObjects: 1000, allocSpace: 16_000, inuseObjects: 1000, inuseSpace: 16_000};
		const small = heapNoise(period, from, to);
		assert.ok(Math.abs(small.bytes - Math.sqrt(period * 16_000)) / small.bytes < 0.01);
		assert.ok(small.samples < 1, 'a 16 KB change at 512 KiB sampling is less than one sample');
		assert.ok(heapNoise(1, from, to).bytes < 1, 'MemProfileRate=1: as good as exact');
	});
});

describe('histories and series in fixed memory', () => {
	it('a profile series keeps its newest point and the whole run, at coarser spacing', () => {
		const series = new ProfileSeries(1);
		for (let i = 0; i < 1000; i++) series.push(i * 1000, [i]);
		assert.ok(series.length <= SERIES_POINTS);
		assert.equal(series.times.at(-1), 999_000, 'the newest is the latest profile');
		assert.ok(series.times[0]! <= 32_000, `reaches back to the start: ${series.times[0]}`);
	});

	it('a history keeps raw points, then min/max/mean buckets, for a week, in fixed memory', () => {
		const history = new History();
		const start = 1_800_000_000_000;
		// A sawtooth for 30 hours, one point a second.
		for (let s = 0; s < 30 * 3600; s += 1) history.push(start + s * 1000, (s % 10) * 1000 + Math.floor(s / 3600) * 100_000);
		assert.equal(history.firstTime, start, 'the start is still covered after 30 hours');
		const day = history.columns(start, 3_600_000, 30);
		assert.equal(day.length, 30);
		assert.equal(day[0]!.min, 0);
		assert.equal(day[0]!.max, 9000, 'the sawtooth survives as the envelope');
		assert.ok(day[29]!.mean > day[0]!.mean, 'and the trend reads through it');
		const saved = History.fromJSON(JSON.parse(JSON.stringify(history.toJSON())));
		assert.deepEqual(saved.columns(start, 3_600_000, 30), day);
	});

	it('a file saved without its start time replays a run as long as it was, not as long as its oldest bucket', () => {
		const start = 1_800_000_000_000 + 17 * 60_000 + 5_000; // 17 minutes into a half-hour bucket
		const short = new History();
		for (let s = 0; s < 60; s++) short.push(start + s * 1000, s);
		const {startTime: _, ...legacy} = short.toJSON();
		assert.equal(History.fromJSON(legacy).firstTime, start, 'the raw points reach the start');
		const long = new History();
		for (let s = 0; s < 3 * 3600; s += 5) long.push(start + s * 1000, s);
		const {startTime: __, ...legacyLong} = long.toJSON();
		const first = History.fromJSON(legacyLong).firstTime!;
		assert.ok(first <= start && start - first < 120_000, `within one 2-minute bucket of the start: ${(start - first) / 1000}s early`);
	});

	it('a gap (a failed poll, a restart) breaks the series; a column merely without a point does not', () => {
		const history = new History();
		history.push(0, 1);
		history.push(2000, Number.NaN);
		history.push(4000, 3);
		const columns = history.columns(0, 1000, 5);
		assert.deepEqual(columns.map((c) => [c.count, c.gap]), [[1, false], [0, false], [0, true], [0, false], [1, false]]);
		history.push(5000, Number.NaN);
		history.push(5000, 4);
		assert.deepEqual(history.columns(5000, 1000, 1).map((c) => [c.count, c.gap]), [[1, true]], 'a restart and the first value after it');
	});
});

describe('the tracker: bounded, with the rest as "other"', () => {
	it('keeps at most its capacity, drops the smallest that are not growing, and sums the rest as other', () => {
		const tracker = new Tracker<string>(1, 10, 'other', (item) => ({primary: judge({...exact(item.series.column(0), 1), times: item.series.times})}));
		for (let p = 0; p < 10; p++) {
			// 100 new names every profile (generated code), and one that leaks.
			const entries = Array.from({length: 100}, (_, i) => ({key: `gen-${p}-${i}`, info: 'gen', values: [1000 + i]}));
			entries.push({key: 'leak', info: 'leak', values: [p * 100_000]});
			const total = entries.reduce((sum, e) => sum + e.values[0]!, 0) + 5;
			tracker.ingest(p * 5000, entries, [total], false);
			assert.ok(tracker.items.size <= 10);
		}
		assert.ok(tracker.items.has('leak'));
		assert.equal(tracker.items.get('leak')!.judgement.verdict, 'leaking');
		assert.equal(tracker.other.key, OTHER_KEY);
		assert.ok(tracker.other.latest[0]! > 0);
	});
});

describe('a buffer that some GCs catch alive', () => {
	it('is never leaking: pprof\'s own gzip writer, alive at the GC before some profiles and not others, mostly late in the window', () => {
		// What a real clean service showed (KiB in use at compress/flate.NewWriter, one profile every 5 s):
		// one 648 KiB writer per profile served, freed once the response is written.
		const inuse = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 648, 0, 648, 648, 0, 648, 648];
		const times = inuse.map((_, i) => i * 5000);
		const points = inuse.map((kib, i) => ({allocObjects: i + 1, allocSpace: (i + 1) * 648 * 1024, inuseObjects: kib > 0 ? 1 : 0, inuseSpace: kib * 1024}));
		const judgement = judgeHeapSite(times, points, 16_384).primary;
		assert.notEqual(judgement.verdict, 'leaking', judgement.reason);
	});
});

describe('a cache of big and small objects, filled', () => {
	it('its object count, jumping with each sampled small object, does not overrule bytes measured well and flat', () => {
		// Recorded from a clean Go service (an LRU of 3,000 entries: a 4 KiB buffer and a 32-byte struct each)
		// sampled every 16 KiB: [ms, alloc_objects, alloc_space, inuse_objects, inuse_space] every 5 s.
		const recorded: number[][] = [[0,976,1954023,974,1932450],[64,976,1954023,974,1932450],[5186,1884,3636008,1881,3587143],[10200,2237,5080353,2234,5031488],[15215,2707,7006146,2704,6957281],[20231,3047,8485592,3040,8382143],[25258,3364,9781799,3357,9678350],[30292,3834,11707593,3827,11604144],[35305,4064,12651972,3903,11918936],[40327,4286,13559317,3372,11828467],[45343,5087,14760821,3961,12159661],[50359,5223,15316338,3997,12307798],[55371,5431,16168131,4002,12326315],[60388,5689,17223614,3916,11974488],[65405,5883,18019856,3920,11993006],[70413,6123,19001270,3952,12122626],[75426,8961,20212822,6510,12186109],[80441,9610,20812031,6982,12035853],[85449,10457,22198707,7040,12276577],[90009,10653,23022241,7063,12369162]];
		const judged = judgeRecorded(recorded, 16_384, 247.9);
		assert.notEqual(judged.primary.verdict, 'leaking', judged.primary.reason);
		// The count alone once said leaking; its last third rises by one jump (2,558 sampled objects at once), which is one event.
		assert.equal(judged.secondary?.verdict, 'too few samples', judged.secondary?.reason);
	});
});

describe('a cache that filled, with noise at the end', () => {
	it('is not leaking on a last third that rises 2.5σ far more slowly than the fill: that needs 3σ', () => {
		const noise = (i: number, j: number) => 64 * KiB * Math.sqrt(Math.abs(j - i));
		const fill = [0, 2048, 4096, 6144, 8192, 8182, 8202, 8186, 8200, 8190];
		const judged = judge({times: times(16, 2000), values: [...fill, 8192, 8230, 8270, 8420, 8480, 8552].map((v) => v * KiB), noise, samples: 500, floor: 64 * KiB, remedy: 'run longer'});
		assert.notEqual(judged.verdict, 'leaking', judged.reason);
		const leak = judge({times: times(16, 2000), values: Array.from({length: 16}, (_, i) => (8192 + i * 72) * KiB), noise, samples: 500, floor: 64 * KiB, remedy: 'run longer'});
		assert.equal(leak.verdict, 'leaking', 'the same rise at the rate it always had is a leak');
	});

	it('is not leaking when the fill came in the window\'s first steps: the earlier rate is the fill\'s mean rate, not the median slope of a window mostly level', () => {
		// test/leakzoo's bounded cache (2,000 × 4 KiB, filled in 8 s, then 60 replaced a second) as Go samples
		// it every 4 KiB, from a model of the sampler: each replacement redraws whether that entry is counted,
		// so the estimate wanders and drifts back to its mean. Its last third rose by nearly 3σ of that noise;
		// the median slope of the first two thirds was 24 KB/s against a mean of 218 KB/s, so 2σ was asked.
		// [ms, alloc_objects, alloc_space, inuse_objects, inuse_space]
		const cache = [[0, 861, 3524998, 861, 3524998], [2096, 1316, 5391174, 1316, 5391174], [4151, 1822, 7464703, 1822, 7464703], [5971, 1992, 8158039, 1930, 7905327], [8140, 2125, 8702340, 1925, 7885888], [9972, 2227, 9123525, 1914, 7840530], [12099, 2340, 9583590, 1906, 7808131], [13914, 2420, 9914058, 1908, 7814611], [16014, 2545, 10425961, 1914, 7840530], [17990, 2664, 10911944, 1922, 7872929], [20150, 2789, 11423846, 1935, 7924767], [22060, 2908, 11909829, 1944, 7963645], [24198, 3064, 12551327, 1954, 8002524], [26150, 3200, 13108588, 1973, 8080281], [28070, 3316, 13581612, 1990, 8151559], [29947, 3422, 14015757, 2012, 8242276]];
		const judged = judgeRecorded(cache, 4096, Math.exp(-1) / (1 - Math.exp(-1))).primary;
		assert.notEqual(judged.verdict, 'leaking', judged.reason);
	});

	it('is not leaking on a jump that held for less than an interval (a GC caught the profile being written, then the check\'s final poll)', () => {
		// The live heap of test/leakzoo -clean in MiB, every second while its cache filled, the last point 435 ms after the one before.
		const values = [2, 4, 6.6, 6.9, 8, 9.8, 11.4, 12, 13, 13.3, 13.5, 13.6, 13.7, 13.8, 13.9, 14.37, 14.39, 14.4, 14.4, 14.38, 14.42, 14.42, 14.43, 14.4, 14.36, 14.4, 14.43, 14.42, 15.99, 15.97];
		const at = values.map((_, i) => (i === values.length - 1 ? (i - 1) * 1000 + 435 : i * 1000));
		const judged = judge({times: at, values: values.map((v) => v * MiB), noise: () => 0, samples: Infinity, floor: 256 * KiB, remedy: 'run longer'});
		assert.notEqual(judged.verdict, 'leaking', judged.reason);
	});
});

describe('a pool of buffers, as each GC finds it', () => {
	it('is not leaking when a new largest buffer shows late in the window: it moves in jumps of varying size, mostly standing still', () => {
		// Recorded from test/leakzoo -clean (a sync.Pool of bytes.Buffers written 1–65 KiB at a time) sampled every 4 KiB:
		// [ms, alloc_objects, alloc_space, inuse_objects, inuse_space]. Buffers this big are sampled exactly: no sampling noise.
		const recorded: number[][] = [[0,3,143499,1,81920],[2263,11,594349,1,81920],[4361,14,733617,2,139264],[6416,16,905649,2,139264],[8479,19,1041462,2,163840],[10537,19,1041462,2,163840],[12644,20,1090614,2,131072],[14736,21,1188918,2,180224],[16778,21,1188918,2,180224],[18816,21,1188918,2,180224],[20862,21,1188918,2,180224],[22902,21,1188918,2,180224],[24930,21,1188918,2,180224],[26960,24,1381569,2,196608],[28990,24,1381569,2,196608],[29951,24,1381569,2,196608]];
		const judged = judgeRecorded(recorded, 4096);
		assert.notEqual(judged.primary.verdict, 'leaking', judged.primary.reason);
	});
});

describe('a few short-lived buffers that each GC finds in use', () => {
	it('are not leaking when more of them are found as GCs take longer: growth below what the site allocates in a second', () => {
		// As a leaking process's heap grows, each mark phase lasts longer and finds more of a churning site's buffers in use.
		const kib = [0, 5, 10, 15, 20, 30, 35, 40, 50, 55, 60, 70, 80, 90, 100, 110];
		const alive = [0, 0, 1, 0, 1, 1, 1, 1, 2, 1, 2, 2, 2, 3, 3, 3];
		const points = kib.map((k, i) => ({allocObjects: i * 20, allocSpace: i * 20 * 33 * KiB, inuseObjects: alive[i]!, inuseSpace: k * KiB}));
		const judged = judgeHeapSite(times(16, 2000), points, 4096);
		assert.equal(judged.primary.verdict, 'too few samples', judged.primary.reason);
		// The same growth at a site that keeps what it allocates is a leak.
		const kept = kib.map((k, i) => ({allocObjects: alive[i]!, allocSpace: k * KiB, inuseObjects: alive[i]!, inuseSpace: k * KiB}));
		assert.equal(judgeHeapSite(times(16, 2000), kept, 4096).primary.verdict, 'leaking');
	});
});

describe('a leak whose sampling caught nothing lately', () => {
	it('is not called filled: two quiet intervals of a site sampled twice an interval prove nothing', () => {
		// Recorded from test/leakzoo (500 objects of 16 bytes a second, kept) sampled every 4 KiB: the heap
		// profile saw no new sample at the site in its last two intervals, which its earlier rate makes a
		// matter of chance. [ms, alloc_objects, alloc_space, inuse_objects, inuse_space]
		const recorded: number[][] = [[0,16180,840665,16160,406008],[1852,17206,857081,17186,422424],[3589,17719,865289,17699,430632],[5299,18745,881705,18725,447048],[7011,20028,902225,20008,467568],[8714,21568,1115265,21547,533152],[10484,22081,1123473,22060,541360],[12206,22594,1131681,22573,549568],[13921,23876,1152201,23855,570088],[15619,24133,1156305,24112,574192],[17329,25415,1176825,25394,594712],[19043,25416,1414393,25394,643864],[20757,25673,1418497,25651,647968],[22461,26699,1434913,26677,664384],[24171,26699,1434913,26677,664384],[24974,26699,1434913,26677,664384]];
		const judged = judgeRecorded(recorded, 4096, 255.3);
		for (const judgement of [judged.primary, judged.secondary!]) assert.notEqual(judgement.verdict, 'filled', judgement.reason);
	});
});

describe('a cache that filled as the window began', () => {
	it('is filled, not "too few samples" nor "churning": the quarters\' medians both sit on the filled level', () => {
		// Recorded from a Go service's LRU (4,000 entries of 1.5 KiB, full in 10 s) sampled every 4 KiB, the
		// dashboard started with the process: [ms, alloc_objects, alloc_space, inuse_objects, inuse_space].
		const recorded: number[][] = [[0,454,453864,453,446866],[5135,4749,3805908,4744,3732481],[10162,8474,7075854,7829,6211539],[15193,13927,10277063,9037,6255031],[20219,18116,13863722,8197,6259050],[25258,21909,17102441,7325,6213951],[30275,26555,20356788,7835,6221363],[35298,31854,23578449,9837,6448291],[40326,36865,27392752,8971,6413015],[45345,39930,30807406,7201,6539743],[50363,45757,34322172,8460,6661825],[55383,51281,37631442,10512,6449987],[60415,55565,41365459,8509,6479281],[65440,61271,44693573,9067,6560372],[70457,65464,48028922,9213,6525185],[75478,69591,51522255,7789,6408819],[80500,73454,55125258,7156,6470977],[85524,77586,58367281,7204,6544655],[90557,82187,61291728,8819,6438379]];
		const judged = judgeRecorded(recorded, 4096).primary;
		assert.equal(judged.verdict, 'filled', judged.reason);
	});

	it('but a leak whose first step came early is not: what follows still rises', () => {
		const values = [0, 4, 4.2, 4.4, 4.6, 4.8, 5, 5.2, 5.4, 5.6, 5.8, 6].map((v) => v * MiB);
		const judged = judge({...exact(values), noise: (i, j) => 0.05 * MiB * Math.sqrt(Math.abs(j - i))});
		assert.notEqual(judged.verdict, 'filled', judged.reason);
	});

	it('nor when what follows rises by less than a quarter of the mean step each interval: across the run it rises clearly', () => {
		// 4 KiB objects kept at 3 a second after 1.3 MiB allocated at once, as Go samples them every 4 KiB
		// (from a model of the sampler). Every interval after the step rose by less than a quarter of the
		// window's mean step, so all nine read quiet, and the leak read "filled".
		const leak = [[0, 0, 0, 0, 0], [1890, 5, 19439, 5, 19439], [3951, 340, 1393152, 340, 1393152], [6108, 346, 1419071, 346, 1419071], [7949, 348, 1425551, 348, 1425551], [9958, 358, 1464430, 358, 1464430], [12141, 361, 1477389, 361, 1477389], [13996, 365, 1496828, 365, 1496828], [16089, 369, 1509788, 369, 1509788], [17990, 370, 1516268, 370, 1516268], [20162, 373, 1529227, 373, 1529227], [22127, 373, 1529227, 373, 1529227], [24282, 380, 1555146, 380, 1555146], [26123, 384, 1574586, 384, 1574586], [28067, 389, 1594025, 389, 1594025]];
		const judged = judgeRecorded(leak, 4096, Math.exp(-1) / (1 - Math.exp(-1))).primary;
		assert.equal(judged.verdict, 'leaking', judged.reason);
	});
});

describe('a series that falls back to where it started', () => {
	// Recorded from a Go service sampled every 4 KiB: [ms, alloc_objects, alloc_space, inuse_objects, inuse_space].
	const site = (recorded: number[][]) => judgeRecorded(recorded, 4096).primary;

	it('is churning, not leaking: a map of 3 KiB values replaced by an empty one every 20 s', () => {
		const judged = site([[0,18,58222,18,58222],[4121,771,2435110,768,2398961],[8143,1380,4380144,1376,4303034],[12186,2026,6517726,2020,6358692],[16215,2724,8660304,2718,8501270],[20241,3552,11197669,43,133911],[24269,4199,13247339,688,2154428],[28286,5159,15487590,1647,4353716],[32309,5919,17974505,2149,6754603],[36329,6578,20000639,2808,8780737],[40348,7321,22277181,59,187486],[44370,7983,24373429,719,2247583],[48395,8720,26714376,1455,4547567],[52423,9340,28770445,2073,6521714],[56459,10044,30930490,2776,8681759],[59970,10580,32578179,3313,10329448]]);
		assert.equal(judged.verdict, 'churning', judged.reason);
	});

	it('is not leaking when the window opened at its top: a queue that drained as a 30 s check began, then refilled all window', () => {
		// Recorded from an unseen Go service (8 KiB jobs queued 10 a second for 30 s, drained in 1.5 s),
		// sampled every 4 KiB: [ms, alloc_objects, alloc_space, inuse_objects, inuse_space]. It read
		// "leaking: rising steadily" in every 30 s check.
		const queue = [[0,295,2425393,295,2425393],[2125,321,2467481,24,32614],[4162,344,2656965,26,217906],[6203,366,2823083,48,384024],[8223,382,2955722,64,516663],[10246,407,3161159,87,717043],[12288,426,3312746,106,868630],[14327,448,3492756,128,1048640],[16363,472,3691714,152,1247598],[18384,493,3862249,173,1418133],[20404,512,4023311,191,1572715],[22421,533,4193846,212,1743251],[24450,552,4345433,231,1894838],[26468,575,4534917,254,2084322],[28490,592,4677030,271,2226435],[29975,611,4828617,290,2378022]];
		const judged = judgeRecorded(queue, 4096).primary;
		assert.equal(judged.verdict, 'too few samples', judged.reason);
		assert.match(judged.reason, /fell as the window began/);
		// A leak whose first profile caught a spike: leaking once its climb has lasted twice as long as the
		// climb back to the spike's height took.
		const leak = (n: number) => Array.from({length: n}, (_, i) => (i === 0 ? 600 : (i - 1) * 50) * KiB);
		assert.equal(judge(exact(leak(16))).verdict, 'too few samples');
		assert.equal(judge(exact(leak(40))).verdict, 'leaking');
	});

	it('is churning, not leaking: a queue of 8 KiB jobs that grows for 30 s, then drains', () => {
		const judged = site([[0,593,4852847,277,2273806],[4180,621,5080228,8,66319],[8231,665,5440247,52,426338],[12283,702,5730953,87,717043],[16322,748,6109921,133,1096011],[20351,790,6460466,175,1440077],[24383,830,6782588,214,1762199],[28411,869,7104711,254,2084322],[32440,904,7388937,288,2368547],[36463,944,7630082,24,117980],[40489,997,8009192,60,488240],[44515,1037,8337795,99,811785],[48539,1072,8622020,133,1096011],[52566,1116,8982039,176,1449551],[56586,1151,9275739,212,1743251],[59978,1180,9512594,241,1980106]]);
		assert.equal(judged.verdict, 'churning', judged.reason);
	});

	it('is not a leak of 7 MiB/min when a process\'s live heap saw-tooths: it is judged on its lowest points', () => {
		// The same service's live heap after GC in KiB, every second: the cleared map, the draining queue and a 2 MiB/min leak.
		const kib = [10974,11536,9719,11895,11385,11764,12486,12986,13777,14272,14920,15508,16133,16704,17367,18049,18427,19056,19808,20221,10988,11594,12081,12797,13251,14111,14679,15270,15880,16434,17161,17523,18194,16464,17030,17696,18051,18683,19419,19821,10124,11167,11870,12345,13088,13645,14469,14975,15579,16127,16842,17512,17887,18497,19229,19996,20404,21133,21555,22425,13810];
		const judged = judge({times: kib.map((_, i) => i * 1000), values: kib.map((v) => v * KiB), noise: () => 0, samples: Infinity, floor: 256 * KiB, remedy: 'run longer'});
		assert.ok(['churning', 'too few samples'].includes(judged.verdict), judged.reason);
		assert.ok(Math.abs(judged.ratePerMinute) < 2 * MiB, `the rate of its lowest points, not of its rises: ${judged.ratePerMinute / MiB} MiB/min`);
	});

	it('is churning, not "too few samples": a pool of goroutines that grows for 20 s, then stops them all, its last fall still under way', () => {
		// Goroutines of one group, every 4 s: the trough of the current cycle is not yet known at the last point.
		const counts = [3, 13, 23, 33, 43, 48, 28, 8, 8, 18, 28, 38, 48, 37, 17];
		const judged = judge({times: times(counts.length, 4000), values: counts, noise: () => 0, samples: Infinity, floor: 3, remedy: 'watch for longer', monotone: true});
		assert.equal(judged.verdict, 'churning', judged.reason);
	});

	it('but a dip in the newest point alone is no fall yet: a leaking live heap, seen every 8 s through a 20 s sawtooth, is not churning', () => {
		// KiB every ~8 s over five minutes (a check's series, thinned to fit): a 2 MiB/min leak under a map cleared every 20 s.
		const at = [0,8061,16114,24177,32217,40259,48305,57361,65395,73432,81471,89508,97556,105601,113643,123696,131732,139770,147811,155852,163895,171936,179981,188023,196062,204107,212152,220199,228246,236292,244350,256423,264459,272492,280527,288560,292822];
		const kib = [10337,18158,11205,13557,18631,13286,18495,12537,16199,10402,15858,18200,12916,18032,12097,16469,21576,15617,20568,13145,18312,23094,17305,19728,15025,20115,24925,16728,21616,15993,21028,16350,21480,25971,18050,22866,14956];
		const judged = judge({times: at, values: kib.map((v) => v * KiB), noise: () => 0, samples: Infinity, floor: 256 * KiB, remedy: 'run longer'});
		assert.ok(['leaking', 'too few samples'].includes(judged.verdict), judged.reason);
	});

	it('is churning, not a cache that filled early, when its quarters\' medians are level: a draining queue seen every 8 s for five minutes', () => {
		// Grows 30 s, drains in 15 s, from wherever in its cycle the check began; 300 phases, with jitter.
		const next = random(7);
		let filled = 0;
		for (let k = 0; k < 300; k++) {
			const phase = next() * 45;
			const values = Array.from({length: 37}, (_, i) => {
				const t = (i * 8 + phase) % 45;
				return (t < 30 ? t * 80 : (45 - t) * 160) * KiB + next() * 50 * KiB;
			});
			const judged = judge({times: times(37, 8000), values, noise: (i, j) => 40 * KiB * Math.sqrt(Math.abs(j - i)), samples: 500, floor: 64 * KiB, remedy: 'run longer'});
			assert.notEqual(judged.verdict, 'leaking', judged.reason);
			if (judged.verdict === 'filled') filled++;
		}
		assert.ok(filled < 9, `${filled} of 300 phases called filled (42 before the sawtooth was looked for in level series too)`);
	});

	it('is not leaking when it rides a fill: a clean service\'s live heap while its cache warms up, a table cleared every 12 s', () => {
		// KiB after each GC (test/leakzoo -clean, a check from its start): the first fall lands far above where the
		// window began, the second where the first landed.
		const at = [0,1326,2332,3338,4344,5348,6353,7357,8359,9364,10371,11375,12380,13384,14390,15393,16400,17404,18408,19411,20415,21420,22424,23428,24433,25435,26439,27443,28447,29454,30104];
		const kib = [2048,4355,6151,7626,9082,10751,12783,15041,15786,16283,16870,17523,13268,13654,13896,15022,15297,15535,15899,16533,16906,17170,17607,19110,13637,14066,14388,14970,15278,15833,15873];
		const judged = judge({times: at, values: kib.map((v) => v * KiB), noise: () => 0, samples: Infinity, floor: 256 * KiB, remedy: 'run longer'});
		assert.notEqual(judged.verdict, 'leaking', judged.reason);
	});

	it('is leaking when its lowest point rises cycle after cycle, at the rate of that point', () => {
		// Eight cycles of 20 s: 10 MiB rises cleared each time, but 1 MiB of each never is.
		const values = Array.from({length: 160}, (_, i) => (Math.floor(i / 20) + (i % 20) / 2) * MiB);
		const leak = judge(exact(values));
		assert.equal(leak.verdict, 'leaking', leak.reason);
		assert.ok(Math.abs(leak.ratePerMinute / MiB - 0.6) < 0.1, `the floor's 1 MiB per 100 s, not the rises': ${leak.ratePerMinute / MiB}`);
		const steady = judge(exact(values.map((v, i) => v - Math.floor(i / 20) * MiB)));
		assert.equal(steady.verdict, 'churning', steady.reason);
	});

	it('is judged without the rises it gave back once a rise lasts far longer than they did (the clearing stopped)', () => {
		const values = Array.from({length: 40}, (_, i) => (i < 10 ? (i % 5) * MiB : (i - 10) * MiB));
		const judged = judge(exact(values));
		assert.equal(judged.verdict, 'leaking', judged.reason);
		assert.match(judged.reason, /leaving out the 2 rises it gave back/);
	});

	it('keeps the whole window of a leak under a transient climb, and a one-profile spike is no cycle at all', () => {
		// A live heap leaking 1 MiB a profile for 60 profiles; a batch job climbs 40 MiB over four profiles and frees it.
		const leak = Array.from({length: 60}, (_, i) => (100 + i) * MiB);
		const climb = leak.map((v, i) => (i >= 40 && i < 44 ? v + (i - 39) * 10 * MiB : v));
		const judged = judge(exact(climb, 256 * KiB));
		assert.equal(judged.verdict, 'leaking', judged.reason);
		assert.equal(judged.points, 60);
		const spike = judge(exact(leak.map((v, i) => (i === 50 ? v + 100 * MiB : v)), 256 * KiB));
		assert.equal(spike.verdict, 'leaking', spike.reason);
		assert.doesNotMatch(spike.reason, /gave back/);
	});
});

describe('leaks of unseen services, over short checks', () => {
	// Mostly recorded from a Go service that creates 40 child contexts a second of a long-lived parent and
	// never cancels them (context.withCancel ← main, 80-byte objects, sampled every 4 KiB), 30 s checks:
	// [ms, alloc_objects, alloc_space, inuse_objects, inuse_space]. Nothing is ever freed.
	const site = (recorded: number[][]) => judgeRecorded(recorded, 4096, 50.6).primary;

	it('is no churn once it has kept what counts: it never fell, and it cannot be told yet', () => {
		const recorded = [[0,4121,330906,4121,330906],[2164,4224,339178,4224,339178],[4212,4224,339178,4224,339178],[6246,4276,343314,4276,343314],[8264,4328,347450,4328,347450],[10294,4379,351586,4379,351586],[12325,4483,359859,4483,359859],[14364,4638,372267,4638,372267],[16395,4638,372267,4638,372267],[18423,4638,372267,4638,372267],[20466,4638,372267,4638,372267],[22507,4690,376403,4690,376403],[24535,4741,380539,4741,380539],[26560,4793,384675,4793,384675],[28578,4793,384675,4793,384675],[29978,5000,401220,5000,401220]];
		const judgement = site(recorded);
		assert.equal(judgement.verdict, 'too few samples', judgement.reason);
		assert.match(judgement.reason, /rising steadily/);
	});

	it('is not "filled" when its last two intervals are quiet: sampling that caught nothing for a while, at the rate it kept before', () => {
		// The same leak in a 60 s check: steady for 48 s, then nothing sampled for the last 7.5 s (and
		// rising again in the next check). At its earlier rate those 7.5 s would hold about six samples,
		// fewer than the nine (3σ of the count) a quiet spell needs to show the growth stopped; and the
		// last third still rose.
		const recorded = [[0,103,8272,103,8272],[4025,258,20680,258,20680],[8072,413,33089,413,33089],[12097,517,41361,517,41361],[16118,672,53769,672,53769],[20132,827,66178,827,66178],[24147,1085,86858,1085,86858],[28166,1292,103403,1292,103403],[32180,1499,119947,1499,119947],[36198,1654,132356,1654,132356],[40223,1912,153036,1912,153036],[44246,2068,165445,2068,165445],[48268,2223,177853,2223,177853],[52291,2223,177853,2223,177853],[55788,2223,177853,2223,177853]];
		const judgement = site(recorded);
		assert.equal(judgement.verdict, 'leaking', judgement.reason);
	});

	it('a rise measured exactly says "clearly", not a number of σ written with an exponent', () => {
		// 1 MiB kept every 10 s, each block sampled for certain at 4 KiB: no noise, z about 5e55.
		const recorded = [0, 2126, 4150, 6175, 8197, 10217, 12256, 14278, 16310, 18328, 20348, 22373, 24391, 26408, 28432, 29980].map((time, i) => {
			const blocks = i < 5 ? 1 : i < 10 ? 2 : 3;
			return [time, blocks, blocks * MiB, blocks, blocks * MiB];
		});
		const judgement = site(recorded);
		assert.equal(judgement.verdict, 'too few samples', judgement.reason);
		assert.match(judgement.reason, /^grew \(clearly\)/);
		assert.match(judgement.reason, /: run longer$/, 'sampling more would show nothing new of 1 MiB blocks');
	});

	it('a buffer that grew twice to a new largest message is not "still rising" on its second step alone', () => {
		// A reused buffer grown to the largest message seen (heavy-tailed sizes), Go 1.19, a 60 s check: it
		// grows ever more rarely and is bounded by the largest message. Measured exactly (8 MiB objects).
		const recorded = [[0,12,20815826,1,7856128],[4120,12,20815826,1,7856128],[8173,13,29302738,1,8486912],[12218,13,29302738,1,8486912],[16251,13,29302738,1,8486912],[20282,13,29302738,1,8486912],[24301,13,29302738,1,8486912],[28339,13,29302738,1,8486912],[32362,13,29302738,1,8486912],[36379,13,29302738,1,8486912],[40396,13,29302738,1,8486912],[44411,13,29302738,1,8486912],[48432,14,38174674,1,8871936],[52454,14,38174674,1,8871936],[56490,14,38174674,1,8871936],[59982,14,38174674,1,8871936]];
		const judgement = site(recorded);
		assert.equal(judgement.verdict, 'too few samples', judgement.reason);
	});

	it('a map that keeps growing doubles its tables in waves: a quiet spell shorter than twice the last gap is not "filled"', () => {
		// Go's maps split their tables in waves, each after twice as many inserts as the last (an unseen
		// service's map of sessions, values inline, read "filled" in a 4-minute check so): waves at 18, 36,
		// 72 and 144 s, each over 25 s, in 72 KiB tables; a 240 s check, a profile every 5 s.
		const times = Array.from({length: 49}, (_, i) => i * 5000);
		const size = (t: number) => [18, 36, 72, 144].reduce((bytes, wave) => bytes * (1 + Math.min(1, Math.max(0, (t - wave * 1000) / 25_000))), 288 * KiB);
		let allocated = 288 * KiB;
		const recorded = times.map((time, i) => {
			if (i > 0 && size(time) > size(times[i - 1]!)) allocated += size(time);
			return [time, Math.round(allocated / (72 * KiB)), allocated, Math.round(size(time) / (72 * KiB)), size(time)];
		});
		const judgement = judgeRecorded(recorded, 4096).primary;
		assert.equal(judgement.verdict, 'too few samples', judgement.reason);
		// Once quiet for longer than twice that gap, it filled.
		const longer = recorded.concat(Array.from({length: 12}, (_, i) => [245_000 + i * 5000, ...recorded.at(-1)!.slice(1)]));
		assert.equal(judgeRecorded(longer, 4096).primary.verdict, 'filled');
	});

	it('says it rises while it has kept less than counts, not "no trend"', () => {
		const recorded = [[0,51,4136,51,4136],[2020,51,4136,51,4136],[4039,103,8272,103,8272],[6063,206,16544,206,16544],[8078,310,24816,310,24816],[10099,310,24816,310,24816],[12130,413,33089,413,33089],[14152,465,37225,465,37225],[16173,517,41361,517,41361],[18194,517,41361,517,41361],[20210,620,49633,620,49633],[22230,672,53769,672,53769],[24248,672,53769,672,53769],[26267,672,53769,672,53769],[27877,827,66178,827,66178]];
		const judgement = site(recorded);
		assert.equal(judgement.verdict, 'flat', judgement.reason);
		assert.match(judgement.reason, /rising steadily, but by less than counts/);
	});
});

describe('judge on real series recorded from test/leakzoo (scripts/record-zoo-series.ts)', () => {
	type Recorded = {name: string; kind: 'live' | 'site'; period?: number; points: number[][]; expect: Verdict[]};
	const {series} = JSON.parse(readFileSync(new URL('fixtures/zoo-series.json', import.meta.url), 'utf8')) as {series: Recorded[]};

	it('gives every recorded series a verdict it may get: decoys never leaking, leaks found with fine sampling', () => {
		const wrong: string[] = [];
		for (const recorded of series) {
			let judgement: Judgement;
			if (recorded.kind === 'live') {
				const points = new ProfileSeries(1);
				for (const [time, value] of recorded.points) points.push(time!, [value!]);
				judgement = judgeLiveHeap(points, 'run longer');
			} else {
				judgement = judgeRecorded(recorded.points, recorded.period ?? 0).primary;
			}
			if (!recorded.expect.includes(judgement.verdict)) wrong.push(`${recorded.name}: ${judgement.verdict} (${judgement.reason}), expected ${recorded.expect.join(' or ')}`);
		}
		assert.deepEqual(wrong, []);
		assert.ok(series.length >= 30);
	});
});

describe('judge on Go\'s sampler, simulated: how often a verdict is wrong over a thousand windows of one shape', () => {
	const verdicts = (seed: number, make: (next: () => number) => {allocations: Allocation[]; period: number; start: number; gcEvery: number}) => {
		const next = random(seed);
		const counts: Partial<Record<Verdict, number>> = {};
		for (let run = 0; run < 1000; run++) {
			const {allocations, period, start, gcEvery} = make(next);
			const {times, points} = sampledSeries(next, allocations, period, start, 30, gcEvery);
			const {verdict} = judgeHeapSite(times, points, period).primary;
			counts[verdict] = (counts[verdict] ?? 0) + 1;
		}
		return counts;
	};
	// test/leakzoo's cache: 2,000 entries of 4 KiB filled in 8 s, then one replaced 60 times a second; a
	// 30 s check that starts 1-8 s after the process, as the accuracy suite's first check does.
	const cache = (period: number) => (next: () => number) => {
		const entries: Allocation[] = Array.from({length: 2000}, (_, i) => ({at: ((i + next()) / 2000) * 8, freed: Infinity, size: 4 * KiB}));
		const allocations = [...entries];
		arrivals(next, 60, 8, 40).forEach((at, i) => {
			entries[i % 2000]!.freed = at;
			allocations.push((entries[i % 2000] = {at, freed: Infinity, size: 4 * KiB}));
		});
		return {allocations, period, start: 1 + next() * 7, gcEvery: 0.3 + next() * 1.5};
	};
	const leak = (period: number, size: number, perSecond: number, step = 0) => (next: () => number) => {
		const allocations: Allocation[] = arrivals(next, perSecond, 0, 35).map((at) => ({at, freed: Infinity, size}));
		for (let i = 0; i < step; i++) allocations.push({at: 3 + next() * 0.5, freed: Infinity, size});
		return {allocations, period, start: 0.5 + next(), gcEvery: 0.5};
	};

	it('a cache that fills, then turns over, is leaking in at most 5 checks of 1,000 (under half a per cent), and filled in most at 4 KiB', () => {
		// Before the earlier rate was the higher of the median and mean slopes: 6 of these 1,000 at 4 KiB; now 2.
		const fine = verdicts(1, cache(4 * KiB));
		assert.ok((fine.leaking ?? 0) <= 5, JSON.stringify(fine));
		assert.ok((fine.filled ?? 0) >= 700, JSON.stringify(fine));
		const coarse = verdicts(2, cache(512 * KiB));
		assert.ok((coarse.leaking ?? 0) <= 5, JSON.stringify(coarse));
	});

	it('a 200 KB/s leak of 512-byte objects at Go\'s default rate is never filled, flat or churning: leaking, or too few samples', () => {
		// Before quietBySampling asked 3σ and guarded "stopped" too: filled in 24 of 1,000.
		const counts = verdicts(3, leak(512 * KiB, 512, 400));
		assert.equal((counts.leaking ?? 0) + (counts['too few samples'] ?? 0), 1000, JSON.stringify(counts));
	});

	it('a slow leak after a big step early in the window is never filled', () => {
		// 4 KiB objects kept 3 a second after 300 at once. Before a quiet run had to stay quiet across it: 25 of 1,000.
		const counts = verdicts(4, leak(4 * KiB, 4096, 3, 300));
		assert.equal(counts.filled ?? 0, 0, JSON.stringify(counts));
		assert.ok((counts.leaking ?? 0) >= 950, JSON.stringify(counts));
	});
});
