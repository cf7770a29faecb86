import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {decodeMetrics, metricsToVars} from '../source/decode/prometheus-text.js';
import {startSession} from '../source/app/session.js';
import {Decoder} from '../source/decode/decoder.js';
import {apply, createModel} from '../source/model/model.js';
import {parseTarget} from '../source/target/config.js';
import {findListeningPid} from '../source/target/proc.js';
import {runCli} from './helpers/cli.js';
import {needsGo, startDemo, type Demo} from './helpers/demo.js';

const EXPOSITION = `# HELP go_goroutines Number of goroutines that currently exist.
# TYPE go_goroutines gauge
go_goroutines 42
go_memstats_heap_inuse_bytes 1.5e+07
go_gc_duration_seconds{quantile="0.5"} 0.0001
go_gc_duration_seconds_sum 0.25
go_gc_duration_seconds_count 120
http_requests_total{code="200",path="/a\\"b\\\\c"} 7
process_open_fds 33
weird_value NaN
broken line here
cache_entries 512 1700000000000
`;

describe('Prometheus text format', () => {
	it('reads samples, labels with escapes, NaN, timestamps; skips broken lines', () => {
		const metrics = decodeMetrics(EXPOSITION, 'metrics');
		assert.equal(metrics.get('go_goroutines')![0]!.value, 42);
		assert.deepEqual(metrics.get('http_requests_total')![0]!.labels, {code: '200', path: '/a"b\\c'});
		assert.ok(Number.isNaN(metrics.get('weird_value')![0]!.value));
		assert.equal(metrics.get('cache_entries')![0]!.value, 512);
		assert.equal(metrics.has('broken'), false);
	});

	it('maps client_golang runtime metrics onto the expvar view', () => {
		const vars = metricsToVars(decodeMetrics(EXPOSITION, 'metrics'));
		assert.equal(vars.memstats!.heapInuse, 1.5e7);
		assert.equal(vars.memstats!.numGC, 120);
		assert.equal(vars.memstats!.pauseTotalNs, 0.25e9);
		assert.equal(vars.goroutines, 42);
		assert.equal(vars.process!.openFds, 33);
		assert.equal(vars.numbers.get('cache_entries'), 512);
	});

	it('refuses HTML', () => {
		assert.throws(() => decodeMetrics('<html>login</html>', 'x/metrics'), /not the Prometheus text format \(got HTML\)/);
	});
});

describe('services without expvar (real Go demo)', {skip: needsGo, concurrency: true}, () => {
	let metricsOnly: Demo;
	let pprofOnly: Demo;
	before(async () => {
		[metricsOnly, pprofOnly] = await Promise.all([
			startDemo(['-metrics', '-no-vars', '-leak-files', '5', '-leak-goroutines', '5']),
			startDemo(['-no-vars', '-leak-bytes', String(1 << 20)]),
		]);
	});
	after(async () => {
		await Promise.all([metricsOnly?.stop(), pprofOnly?.stop()]);
	});

	it('check reads /metrics when /debug/vars is 404', async () => {
		const result = await runCli(['check', metricsOnly.url, '--duration', '4s', '--interval', '300ms', '--json']);
		assert.equal(result.code, 1, result.stderr);
		const report = JSON.parse(result.stdout);
		assert.ok(report.heap.startInuseBytes > 0 && report.gc.cycles > 0 && report.goroutines.growth > 5);
	});

	it('check without expvar or /metrics takes heap from the heap profile', async () => {
		const result = await runCli(['check', pprofOnly.url, '--duration', '4s', '--interval', '300ms', '--json']);
		assert.ok(result.code === 0 || result.code === 1, result.stderr);
		assert.ok(JSON.parse(result.stdout).heap.endInuseBytes > 0);
	});

	it('finds the local process by the port it listens on, and gives up rather than read too many open files', async () => {
		const port = Number(new URL(pprofOnly.url).port);
		assert.equal(await findListeningPid(port), pprofOnly.process.pid);
		assert.equal(await findListeningPid(port, 1), undefined, 'over its budget of files: not found, at no great cost');
	});

	it('the live session says which source it uses, and reads RSS and open files (/metrics and /proc)', async () => {
		for (const [demo, source] of [
			[metricsOnly, 'metrics'],
			[pprofOnly, 'none'],
		] as const) {
			const target = parseTarget(demo.url, {header: [], timeoutMs: 2000, maxBytes: 2 ** 24, insecure: false, pprofPath: undefined, varsPath: undefined});
			const model = createModel();
			const decoder = new Decoder();
			const session = startSession({target, intervalMs: 200, profileIntervalMs: 500}, decoder, (event) => apply(model, event));
			try {
				await delay(2500);
				assert.equal(model.source, source);
				const values = (name: 'rss' | 'openFds') => model.series[name].rawPoints(0, Number.MAX_SAFE_INTEGER).values.filter(Number.isFinite);
				const rss = values('rss');
				const fds = values('openFds');
				assert.ok(rss.length > 0 && rss.at(-1)! > 1e6, `RSS read (${source})`);
				assert.ok(fds.length > 0, `open files read (${source})`);
				const heapKnown = source === 'none' ? model.series.heapLive.valueAt() > 0 : model.series.heapInuse.valueAt() > 0;
				assert.ok(heapKnown, 'heap known');
				if (source === 'metrics') assert.ok(fds.at(-1)! > fds[0]!, 'the fd leak shows');
			} finally {
				await session.stop();
				await decoder.close();
			}
		}
	});
});
