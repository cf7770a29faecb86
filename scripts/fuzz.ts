// Fuzzes the decoders with mutated real inputs: profiles recorded from the Go
// demo and its /debug/vars and pprof index. Only a LeakwatchError may come out:
// no other exception, no hang, no runaway allocation.
//
//   npm run fuzz                  10,000 cases (FUZZ_CASES, FUZZ_SEED to change)
// A failing case is written to fuzz-failure.bin with its seed and index.
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {gunzipSync, gzipSync} from 'node:zlib';
import {LeakwatchError} from '../source/errors.js';
import {decodeVars} from '../source/decode/expvar.js';
import {decodeIndex} from '../source/decode/pprof-index.js';
import {decodeLeafTotals, decodeProfile, decodeProfileProto} from '../source/decode/profile.js';

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

function corpus(dir = 'test/fixtures/demo-run') {
	const files = readdirSync(dir);
	return {
		profiles: files.filter((f) => f.endsWith('.pb.gz')).map((f) => gunzipSync(readFileSync(`${dir}/${f}`))),
		vars: files.filter((f) => f.endsWith('.json')).map((f) => readFileSync(`${dir}/${f}`)),
		index: files.filter((f) => f.endsWith('.html')).map((f) => readFileSync(`${dir}/${f}`)),
	};
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
	switch (pick(5)) {
		case 0:
			return Buffer.from(`${'{"a":'.repeat(1 + pick(20_000))}1${'}'.repeat(pick(3) ? 0 : 20_000)}`);
		case 1:
			return Buffer.from(text.replace(/\d+/, '1e400').replace(/"HeapInuse":\d+/, '"HeapInuse":"lots"'));
		case 2:
			return Buffer.from(text.replace(/"PauseNs":\[/, '"PauseNs":[null,"x",{},'));
		default:
			return mutate(input, rand);
	}
}

export async function fuzz(cases: number, seed = 1, onProgress?: (done: number) => void): Promise<FuzzReport> {
	const rand = random(seed);
	const inputs = corpus();
	const report: FuzzReport = {cases, decoded: 0, rejected: 0, slowestMs: 0, peakHeapMB: 0};
	for (let index = 0; index < cases; index++) {
		const kind = ['profile', 'profile', 'totals', 'gzip-profile', 'vars', 'index'][Math.floor(rand() * 6)]!;
		const pool = kind === 'vars' ? inputs.vars : kind === 'index' ? inputs.index : inputs.profiles;
		const original = pool[Math.floor(rand() * pool.length)]!;
		let input = kind === 'vars' ? mutateJson(original, rand) : mutate(original, rand);
		if (rand() < 0.2) input = mutate(input, rand);
		const started = performance.now();
		try {
			switch (kind) {
				case 'profile':
					decodeProfileProto(input, 'fuzz');
					break;
				case 'gzip-profile':
					await decodeProfile(gzipSync(input), {maxBytes: 64 * 2 ** 20, what: 'fuzz'});
					break;
				case 'totals':
					await decodeLeafTotals(input, {maxBytes: 64 * 2 ** 20, what: 'fuzz'});
					break;
				case 'vars':
					decodeVars(input.toString('utf8'), 'fuzz');
					break;
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
