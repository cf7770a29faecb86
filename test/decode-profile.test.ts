import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {describe, it} from 'node:test';
import {LeakwatchError} from '../source/errors.js';
import {decodeLeafTotals, decodeProfile, decodeProfileProto, stackOf, type Profile} from '../source/decode/profile.js';
import {fieldsFromProto} from '../scripts/proto-fields.js';
import {encodeProfile, HEAP_TYPES} from './helpers/profile-builder.js';

const fixture = (name: string) => readFileSync(`test/fixtures/demo-run/${name}`);
const options = {maxBytes: 64 * 2 ** 20, what: 'test profile'};

function sumBy(profile: Profile, type: string, leaf: string): number {
	const k = profile.sampleTypes.length;
	const index = profile.sampleTypes.findIndex((vt) => vt.type === type);
	let total = 0;
	for (let i = 0; i < profile.sampleCount; i++) {
		if (stackOf(profile, i)[0]?.function === leaf) total += profile.values[i * k + index]!;
	}
	return total;
}

async function rejectsWith(promise: Promise<unknown>, kind: string, pattern: RegExp) {
	await assert.rejects(promise, (error: unknown) => {
		assert.ok(error instanceof LeakwatchError, `expected a LeakwatchError, got ${String(error)}`);
		assert.equal(error.kind, kind);
		assert.match(error.message, pattern);
		assert.doesNotMatch(error.message, /\n/);
		return true;
	});
}

describe('decodeProfile on real profiles from the demo', () => {
	it('reads a heap profile: sample types, frames, values', async () => {
		const profile = await decodeProfile(fixture('heap-07.pb.gz'), options);
		assert.deepEqual(
			profile.sampleTypes.map((vt) => `${vt.type}/${vt.unit}`),
			['alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes'],
		);
		assert.equal(profile.sampleTypes[profile.defaultSampleIndex]!.type, 'inuse_space');
		assert.ok(profile.sampleCount > 5);
		assert.ok(profile.timeMs > Date.parse('2026-01-01'));
		const leak = sumBy(profile, 'inuse_space', 'main.(*sessionStore).remember');
		assert.ok(leak > 2 * 2 ** 20, `leak site holds ${leak} bytes`);
		const frame = profile.frames.find((f) => f.function === 'main.(*sessionStore).remember')!;
		assert.match(frame.file, /test\/demo\/main\.go$/);
		assert.ok(frame.line > 0);
	});

	it('grows the leak site from the first profile to the last', async () => {
		const first = await decodeProfile(fixture('heap-00.pb.gz'), options);
		const last = await decodeProfile(fixture('heap-07.pb.gz'), options);
		const site = 'main.(*sessionStore).remember';
		assert.ok(sumBy(last, 'inuse_space', site) > sumBy(first, 'inuse_space', site));
	});

	it('reads a goroutine profile, stacks leaf first', async () => {
		const profile = await decodeProfile(fixture('goroutine-07.pb.gz'), options);
		assert.deepEqual(profile.sampleTypes, [{type: 'goroutine', unit: 'count'}]);
		let leaked = 0;
		for (let i = 0; i < profile.sampleCount; i++) {
			const stack = stackOf(profile, i).map((f) => f.function);
			if (stack.includes('main.handleJob')) {
				assert.equal(stack[0], 'runtime.gopark');
				leaked += profile.values[i]!;
			}
		}
		assert.ok(leaked >= 20, `${leaked} leaked goroutines`);
	});

	it('per-leaf totals equal the full profile summed by leaf frame', async () => {
		for (const name of ['heap-07.pb.gz', 'goroutine-03.pb.gz']) {
			const full = await decodeProfile(fixture(name), options);
			const totals = await decodeLeafTotals(fixture(name), options);
			const k = full.sampleTypes.length;
			const expected = new Map<string, number[]>();
			for (let i = 0; i < full.sampleCount; i++) {
				const leaf = stackOf(full, i)[0]!;
				const key = `${leaf.function}|${leaf.file}|${leaf.line}`;
				const sums = expected.get(key) ?? new Array<number>(k).fill(0);
				for (let v = 0; v < k; v++) sums[v]! += full.values[i * k + v]!;
				expected.set(key, sums);
			}
			const actual = new Map(totals.leaves.map((leaf) => [`${leaf.frame.function}|${leaf.frame.file}|${leaf.frame.line}`, [...leaf.values]]));
			assert.deepEqual(actual, expected);
			assert.deepEqual(totals.sampleTypes, full.sampleTypes);
		}
	});
});

describe('decodeProfile on hand-made profiles', () => {
	it('expands inlined frames innermost first and takes unpacked repeated fields', async () => {
		const bytes = encodeProfile({
			sampleTypes: [['goroutine', 'count']],
			samples: [{stack: [[{function: 'inner', line: 3}, {function: 'outer', line: 9}], {function: 'main.main', line: 1}], values: [7]}],
		});
		const profile = await decodeProfile(bytes, options);
		assert.deepEqual(
			stackOf(profile, 0).map((f) => `${f.function}:${f.line}`),
			['inner:3', 'outer:9', 'main.main:1'],
		);
		assert.equal(profile.values[0], 7);
	});

	it('decodes negative values (delta profiles) and values past 2^32', async () => {
		const profile = await decodeProfile(
			encodeProfile({sampleTypes: HEAP_TYPES, samples: [{stack: [{function: 'f'}], values: [-1, -5_000_000_000, 2 ** 40, 2 ** 50]}]}),
			options,
		);
		assert.deepEqual([...profile.values], [-1, -5_000_000_000, 2 ** 40, 2 ** 50]);
	});

	it('escapes control characters in names', async () => {
		const profile = await decodeProfile(
			encodeProfile({sampleTypes: [['goroutine', 'count']], samples: [{stack: [{function: 'evil\u001b]0;pwned\u0007', file: 'a\rb.go'}], values: [1]}]}),
			options,
		);
		assert.equal(profile.frames[0]!.function, 'evil\\x1b]0;pwned\\x07');
		assert.equal(profile.frames[0]!.file, 'a\\rb.go');
	});

	it('sums leaf totals right after a profile with thousands of values per sample', async () => {
		// The totals scanner reuses one buffer for a sample's values; a huge sample must not leave stale values behind.
		const wide = Array.from({length: 5000}, (_, i) => ['t' + i, 'count'] as [string, string]);
		const many = await decodeLeafTotals(encodeProfile({sampleTypes: wide, samples: [{stack: [{function: 'f'}], values: wide.map((_, i) => i)}]}), options);
		assert.equal(many.leaves[0]!.values[4999], 4999);
		const heap = encodeProfile({
			sampleTypes: HEAP_TYPES,
			samples: [
				{stack: [{function: 'g'}], values: [1, 2, 3, 4]},
				{stack: [{function: 'g'}], values: [10, 20, 30, 40]},
			],
		});
		assert.deepEqual((await decodeLeafTotals(heap, options)).leaves.map((leaf) => [leaf.frame.function, ...leaf.values]), [['g', 11, 22, 33, 44]]);
	});

	it('accepts an uncompressed profile', async () => {
		const bytes = encodeProfile({sampleTypes: [['goroutine', 'count']], samples: [{stack: [{function: 'f'}], values: [2]}]}, {gzip: false});
		assert.equal((await decodeProfile(bytes, options)).sampleCount, 1);
	});
});

describe('decodeProfile refuses bad input with one clear line', () => {
	it('truncated gzip', async () => {
		const bytes = fixture('heap-03.pb.gz');
		await rejectsWith(decodeProfile(bytes.subarray(0, bytes.length / 2), options), 'decode', /truncated/);
	});

	it('HTML from a catch-all handler', async () => {
		await rejectsWith(decodeProfile(Buffer.from('<!DOCTYPE html><html><body>hi</body></html>'), options), 'bad-content', /got HTML/);
	});

	it('the debug=1 text format', async () => {
		await rejectsWith(decodeProfile(Buffer.from('goroutine profile: total 3\n1 @ 0x1 0x2\n'), options), 'bad-content', /debug=1 text/);
	});

	it('malformed protobuf inside valid gzip', async () => {
		await rejectsWith(decodeProfile(gzipSync(Buffer.from([0x12, 0xff, 0xff, 0xff, 0x0f, 0x01])), options), 'decode', /not a valid profile/);
		await rejectsWith(decodeProfile(gzipSync(Buffer.from([0x0f, 0x01, 0x02])), options), 'decode', /not a valid profile/);
	});

	it('a sample pointing at a location that does not exist', async () => {
		// sample { location_id: 5, value: 1 }, sample_type {}, string_table ""
		const bytes = Buffer.from([0x0a, 0x00, 0x12, 0x04, 0x08, 0x05, 0x10, 0x01, 0x32, 0x00]);
		await rejectsWith(decodeProfile(bytes, options), 'decode', /missing location 5/);
	});

	it('a gzip bomb past the cap', async () => {
		const bomb = gzipSync(Buffer.alloc(8 * 2 ** 20));
		await rejectsWith(decodeProfile(bomb, {...options, maxBytes: 2 ** 20}), 'too-large', /decompressed/);
	});

	it('an empty body', async () => {
		await rejectsWith(decodeProfile(Buffer.alloc(0), options), 'bad-content', /empty/);
	});

	it('never throws anything but a LeakwatchError on truncations of a real profile', async () => {
		const raw = (await import('node:zlib')).gunzipSync(fixture('heap-05.pb.gz'));
		for (let cut = 0; cut < raw.length; cut += Math.max(1, Math.floor(raw.length / 300))) {
			try {
				decodeProfileProto(raw.subarray(0, cut), 'cut');
			} catch (error) {
				assert.ok(error instanceof LeakwatchError, `cut at ${cut}: ${String(error)}`);
			}
		}
	});
});

describe('profile schema', () => {
	it('profile-fields.json is generated from profile.proto (run scripts/proto-fields.js after editing it)', () => {
		const generated = fieldsFromProto(readFileSync('source/decode/profile.proto', 'utf8'));
		assert.deepEqual(JSON.parse(readFileSync('source/decode/profile-fields.json', 'utf8')), generated);
	});
});
