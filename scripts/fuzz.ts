// Fuzzes the decoders with mutated real inputs (profiles recorded from the Go
// demo, its /debug/vars, pprof index and /metrics) and with the shapes hostile
// targets sent (a NumGC of 2^53 with a full pause ring, nested command lines,
// 10 MB names, invisible characters, values near 2^63, gzip where JSON should
// be, a valid profile with more entries than the decode budget). Decoded vars also go through the model, where a number from the
// target once sized a loop. Only a LeakwatchError may come out: no other
// exception, no hang, no runaway allocation.
//
//   npm run fuzz                  10,000 cases (FUZZ_CASES, FUZZ_SEED to change)
// A failing case is written to fuzz-failure.bin with its seed and index.
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {gunzipSync, gzipSync} from 'node:zlib';
import {LeakwatchError} from '../source/errors.js';
import {decodeVars} from '../source/decode/expvar.js';
import {decodeIndex} from '../source/decode/pprof-index.js';
import {summarizeGoroutines} from '../source/decode/goroutine-groups.js';
import {summarizeHeap} from '../source/decode/heap-sites.js';
import {decodeLeafTotals, decodeProfile} from '../source/decode/profile.js';
import {decodeMetrics, metricsToVars} from '../source/decode/prometheus-text.js';
import {apply, createModel} from '../source/model/model.js';
import {manyFunctionsProfile} from '../test/helpers/profile-builder.js';

export interface FuzzReport {
	cases: number;
	decoded: number;
	rejected: number;
	slowestMs: number;
	peakHeapMB: number;
	failure?: {index: number; kind: string; error: string; input: Buffer};
}

/** mulberry32: small, fast, reproducible. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Profiles and vars recorded from the demo built with Go 1.26 and with Go 1.19. */
function corpus(dirs = ['test/fixtures/demo-run', 'test/fixtures/demo-run-go1.19']) {
	const read = (suffix: string, transform: (bytes: Buffer) => Buffer = (bytes) => bytes) =>
		dirs.flatMap((dir) =>
			readdirSync(dir)
				.filter((f) => f.endsWith(suffix))
				.map((f) => transform(readFileSync(`${dir}/${f}`))),
		);
	return {profiles: read('.pb.gz', gunzipSync), metrics: [Buffer.from(METRICS)], vars: read('.json'), index: read('.html')};
}

/** One mutation of a byte buffer. */
function mutate(input: Buffer, rand: () => number): Buffer {
	const pick = (n: number) => Math.floor(rand() * n);
	const bytes = Buffer.from(input);
	switch (pick(8)) {
		case 0: {
			// bit flips
			for (let i = 0, n = 1 + pick(8); i < n; i++) bytes[pick(bytes.length)]! ^= 1 << pick(8);
			return bytes;
		}
		case 1:
			return bytes.subarray(0, pick(bytes.length));
		case 2: {
			// a huge length or varint where a tag or length was
			const at = pick(bytes.length);
			const huge = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]);
			return Buffer.concat([bytes.subarray(0, at), huge, bytes.subarray(at + 1)]);
		}
		case 3: {
			// wrong wire type: change the low 3 bits of a byte (often a tag)
			const at = pick(bytes.length);
			bytes[at] = (bytes[at]! & ~7) | pick(8);
			return bytes;
		}
		case 4: {
			// random bytes spliced in
			const at = pick(bytes.length);
			const junk = Buffer.from(Array.from({length: 1 + pick(32)}, () => pick(256)));
			return Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]);
		}
		case 5: {
			// a chunk repeated
			const from = pick(bytes.length);
			const chunk = bytes.subarray(from, from + pick(512));
			return Buffer.concat([bytes, chunk, chunk]);
		}
		case 6: {
			// a deeply nested group (wire type 3) the reader has to skip
			const depth = 1 + pick(5000);
			return Buffer.concat([Buffer.alloc(depth, 0x7b), bytes]);
		}
		default: {
			for (let i = 0, n = 1 + pick(4); i < n; i++) bytes[pick(bytes.length)] = pick(256);
			return bytes;
		}
	}
}

function mutateJson(input: Buffer, rand: () => number): Buffer {
	const pick = (n: number) => Math.floor(rand() * n);
	const text = input.toString('utf8');
	switch (pick(10)) {
		case 0:
			return Buffer.from(`${'{"a":'.repeat(1 + pick(20_000))}1${'}'.repeat(pick(3) ? 0 : 20_000)}`);
		case 1:
			return Buffer.from(text.replace(/\d+/, '1e400').replace(/"HeapInuse":\d+/, '"HeapInuse":"lots"'));
		case 2:
			return Buffer.from(text.replace(/"PauseNs":\[/, '"PauseNs":[null,"x",{},'));
		case 3:
			// The number that once stalled the process: NumGC past 2^53, with the pause ring full.
			return Buffer.from(text.replace(/"NumGC":\d+/, `"NumGC":${pick(2) ? 2 ** 53 + pick(1000) : -pick(1000)}`));
		case 4:
			return Buffer.from(text.replace(/"NumGC":\d+/, '"NumGC":"12"'));
		case 5:
			return Buffer.from(text.replace(/"cmdline":\[/, `"cmdline":[${'['.repeat(pick(10_000))}"x"${']'.repeat(0)}`));
		case 6:
			return Buffer.from(text.replace(/"cmdline":\["[^"]*"/, `"cmdline":["${'x'.repeat(pick(2) ? 10 * 2 ** 20 : 100)}\u200b\u2028\udb40\udc41"`));
		case 7:
			return Buffer.from(text.replace(/"HeapInuse":\d+/, `"HeapInuse":${2 ** 63}`).replace(/"NextGC":\d+/, '"NextGC":1e30'));
		case 8:
			return gzipSync(input);
		default:
			return mutate(input, rand);
	}
}

const METRICS = `# TYPE go_goroutines gauge
go_goroutines 42
go_memstats_heap_inuse_bytes 1.5e+07
go_memstats_next_gc_bytes 2e7
go_gc_duration_seconds_count 120
go_gc_heap_live_bytes 9e6
go_gc_gomemlimit_bytes 9.223372036854776e+18
go_sched_goroutines_waiting_goroutines 30
process_start_time_seconds 1.7e9
http_requests_total{code="200",path="/a"} 7
`;

const KINDS = ['profile', 'heap-sites', 'groups', 'totals', 'gzip-profile', 'vars', 'vars', 'index', 'metrics'] as const;
/** One case in this many is a valid profile past the decode budget (code generation, per-tenant names). */
const BIG_EVERY = 200;

export async function fuzz(cases: number, seed = 1, onProgress?: (done: number) => void): Promise<FuzzReport> {
	const rand = random(seed);
	const inputs = corpus();
	const report: FuzzReport = {cases, decoded: 0, rejected: 0, slowestMs: 0, peakHeapMB: 0};
	const options = {maxBytes: 64 * 2 ** 20, what: 'fuzz'};
	const big = manyFunctionsProfile(210_000);
	for (let index = 0; index < cases; index++) {
		if (index % BIG_EVERY === BIG_EVERY - 1) {
			// Refused at once, as too large: not decoded for seconds, not a crash.
			const started = performance.now();
			try {
				await summarizeHeap(big, options);
				report.failure = {index, kind: 'big', error: 'a profile past the decode budget was decoded', input: big};
				return report;
			} catch (error) {
				if (!(error instanceof LeakwatchError) || error.kind !== 'too-large' || performance.now() - started > 2000) {
					report.failure = {index, kind: 'big', error: String(error), input: big};
					return report;
				}
				report.rejected++;
				continue;
			}
		}
		const kind = KINDS[Math.floor(rand() * KINDS.length)]!;
		const pool = kind === 'vars' ? inputs.vars : kind === 'index' ? inputs.index : kind === 'metrics' ? inputs.metrics : inputs.profiles;
		const original = pool[Math.floor(rand() * pool.length)]!;
		let input = kind === 'vars' ? mutateJson(original, rand) : mutate(original, rand);
		if (rand() < 0.2) input = mutate(input, rand);
		const started = performance.now();
		try {
			switch (kind) {
				case 'profile':
					await decodeProfile(input, options);
					break;
				case 'heap-sites':
					await summarizeHeap(input, options);
					break;
				case 'groups':
					await summarizeGoroutines(input, options);
					break;
				case 'gzip-profile':
					await decodeProfile(gzipSync(input), options);
					break;
				case 'totals':
					await decodeLeafTotals(input, options);
					break;
				case 'vars': {
					// Through the model too: two polls, as the dashboard sees them.
					const vars = decodeVars(input.toString('utf8'), 'fuzz');
					const model = createModel();
					apply(model, {type: 'tick', time: 1000, vars});
					apply(model, {type: 'tick', time: 2000, vars});
					break;
				}
				case 'metrics': {
					const vars = metricsToVars(decodeMetrics(input.toString('utf8'), 'fuzz'));
					const model = createModel();
					apply(model, {type: 'tick', time: 1000, vars});
					apply(model, {type: 'tick', time: 2000, vars});
					break;
				}
				default:
					decodeIndex(input.toString('utf8'), 'fuzz');
			}
			report.decoded++;
		} catch (error) {
			if (!(error instanceof LeakwatchError) || /\n/.test(error.message)) {
				report.failure = {index, kind, error: error instanceof Error ? (error.stack ?? error.message) : String(error), input};
				return report;
			}
			report.rejected++;
		}
		const elapsed = performance.now() - started;
		report.slowestMs = Math.max(report.slowestMs, elapsed);
		if (elapsed > 2000) {
			report.failure = {index, kind, error: `took ${Math.round(elapsed)} ms`, input};
			return report;
		}
		if (index % 100 === 0) {
			report.peakHeapMB = Math.max(report.peakHeapMB, process.memoryUsage().heapUsed / 2 ** 20);
			onProgress?.(index);
		}
	}
	return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const cases = Number(process.env.FUZZ_CASES ?? 10_000);
	const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
	console.log(`fuzzing ${cases} cases, seed ${seed}`);
	const report = await fuzz(cases, seed, (done) => {
		if (done % 1000 === 0) process.stdout.write(`  ${done}\n`);
	});
	console.log(
		`cases ${report.cases}: ${report.decoded} decoded, ${report.rejected} rejected with a LeakwatchError; slowest ${report.slowestMs.toFixed(1)} ms; peak JS heap ${report.peakHeapMB.toFixed(0)} MB`,
	);
	if (report.failure) {
		writeFileSync('fuzz-failure.bin', report.failure.input);
		console.error(`FAILED at case ${report.failure.index} (${report.failure.kind}, seed ${seed}); input in fuzz-failure.bin\n${report.failure.error}`);
		process.exit(1);
	}
}
