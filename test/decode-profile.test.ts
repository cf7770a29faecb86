import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {describe, it} from 'node:test';
import {LeakwatchError} from '../source/errors.js';
import protobuf from 'protobufjs';
import {collectGoroutineGroups, summarizeGoroutines} from '../source/decode/goroutine-groups.js';
import {summarizeHeap} from '../source/decode/heap-sites.js';
import {decodeLeafTotals, decodeProfile, stackOf, type Profile} from '../source/decode/profile.js';
import {FIELDS} from '../source/decode/profile-wire.js';
import {siteStacks} from '../source/decode/site-stacks.js';
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
				const leaf = stackOf(full, i)[0];
				if (!leaf) continue; // no stack: in the totals only
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

	it('refuses thousands of sample types, and sums the next profile right', async () => {
		const wide = Array.from({length: 5000}, (_, i) => ['t' + i, 'count'] as [string, string]);
		await rejectsWith(decodeLeafTotals(encodeProfile({sampleTypes: wide, samples: [{stack: [{function: 'f'}], values: wide.map((_, i) => i)}]}), options), 'decode', /too many sample types/);
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

	it('a sample whose inner location points nowhere, in every decode (pprof refuses it too)', async () => {
		// sample { location_id: [1, 9] packed, value: 1 }, location { id: 1 }, sample_type {}, string_table ""
		const bytes = Buffer.from([0x0a, 0x00, 0x12, 0x06, 0x0a, 0x02, 0x01, 0x09, 0x10, 0x01, 0x22, 0x02, 0x08, 0x01, 0x32, 0x00]);
		await rejectsWith(decodeProfile(bytes, options), 'decode', /missing location 9/);
		await rejectsWith(decodeLeafTotals(bytes, options), 'decode', /missing location 9/);
	});

	it('packed location ids of several bytes, and one cut short', async () => {
		// sample { location_id: [300, 5000000] packed, value: 1 }, location { id: 300 }, location { id: 5000000 }, sample_type {}, string_table ""
		const bytes = Buffer.from([0x0a, 0x00, 0x12, 0x0a, 0x0a, 0x06, 0xac, 0x02, 0xc0, 0x96, 0xb1, 0x02, 0x10, 0x01, 0x22, 0x03, 0x08, 0xac, 0x02, 0x22, 0x05, 0x08, 0xc0, 0x96, 0xb1, 0x02, 0x32, 0x00]);
		const profile = await decodeProfile(bytes, options);
		assert.equal(profile.sampleCount, 1);
		assert.equal(profile.stackStart[1], 2);
		// sample { location_id: [0x81] packed: a varint whose last byte says more follows }
		const cut = Buffer.from([0x0a, 0x00, 0x12, 0x05, 0x0a, 0x01, 0x81, 0x10, 0x01, 0x32, 0x00]);
		await rejectsWith(decodeLeafTotals(cut, options), 'decode', /broken or oversized varint/);
	});

	it('a gzip bomb past the cap', async () => {
		const bomb = gzipSync(Buffer.alloc(8 * 2 ** 20));
		await rejectsWith(decodeProfile(bomb, {...options, maxBytes: 2 ** 20}), 'too-large', /decompressed/);
	});

	it('an empty body', async () => {
		await rejectsWith(decodeProfile(Buffer.alloc(0), options), 'decode', /empty/);
	});

	it('never throws anything but a LeakwatchError on truncations of a real profile', async () => {
		const raw = (await import('node:zlib')).gunzipSync(fixture('heap-05.pb.gz'));
		for (let cut = 0; cut < raw.length; cut += Math.max(1, Math.floor(raw.length / 300))) {
			try {
				await decodeProfile(raw.subarray(0, cut), {maxBytes: 2 ** 26, what: 'cut'});
			} catch (error) {
				assert.ok(error instanceof LeakwatchError, `cut at ${cut}: ${String(error)}`);
			}
		}
	});
});

describe('profile schema', () => {
	it('the field numbers the decoder reads are those of profile.proto', () => {
		const root = protobuf.parse(readFileSync('source/decode/profile.proto', 'utf8'), {keepCase: true}).root;
		const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
		const messages: Record<keyof typeof FIELDS, string> = {profile: 'Profile', valueType: 'ValueType', sample: 'Sample', mapping: 'Mapping', location: 'Location', line: 'Line', function: 'Function'};
		for (const [key, message] of Object.entries(messages) as Array<[keyof typeof FIELDS, string]>) {
			const type = root.lookupType(`perftools.profiles.${message}`);
			for (const [field, id] of Object.entries(FIELDS[key])) {
				const found = Object.values(type.fields).find((f) => camel(f.name) === field || (field === 'filename' && f.name === 'filename'));
				assert.ok(found, `${message}.${field}`);
				assert.equal(found.id, id, `${message}.${field}`);
			}
		}
	});
});

describe('heap sites and goroutine groups, named as a Go engineer reads them', () => {
	const heap = (samples: Array<{stack: Array<{function: string; file?: string; line?: number}>; inuse: number}>) =>
		encodeProfile({sampleTypes: HEAP_TYPES, samples: samples.map((s) => ({stack: s.stack, values: [1, s.inuse, 1, s.inuse]}))});

	it('a standard-library leaf is keyed and named by the user function under it', async () => {
		const summary = await summarizeHeap(
			heap([
				{stack: [{function: 'bufio.NewReaderSize', file: '/usr/local/go/src/bufio/bufio.go', line: 57}, {function: 'net/http.(*Transport).dialConn', file: '/usr/local/go/src/net/http/transport.go'}, {function: 'net/http.(*Client).Do'}, {function: 'main.pollUpstream', file: '/src/app/main.go', line: 40}], inuse: 4096},
				{stack: [{function: 'bufio.NewReaderSize', file: '/usr/local/go/src/bufio/bufio.go', line: 57}, {function: 'net/http.(*conn).serve', file: '/usr/local/go/src/net/http/server.go'}], inuse: 1024},
				{stack: [{function: 'main.(*store).add', file: '/src/app/store.go', line: 9}, {function: 'main.main', file: '/src/app/main.go'}], inuse: 512},
			]),
			options,
		);
		const names = summary.sites.map((site) => site.name).sort();
		assert.deepEqual(names, ['bufio.NewReaderSize ← net/http.(*Transport).dialConn ← main.pollUpstream', 'bufio.NewReaderSize ← net/http.(*conn).serve', 'main.(*store).add']);
		const poll = summary.sites.find((site) => site.caller?.function === 'main.pollUpstream')!;
		assert.equal(poll.function, 'bufio.NewReaderSize');
		assert.deepEqual(poll.lines.map((line) => line.line), [57]);
	});

	it('code from the module cache is a dependency, not the user\'s program', async () => {
		const summary = await summarizeHeap(
			heap([{stack: [{function: 'github.com/lib/pq.(*conn).recv', file: '/root/go/pkg/mod/github.com/lib/pq@v1.10.9/conn.go'}, {function: 'github.com/acme/api/db.Query', file: '/src/api/db/db.go'}], inuse: 100}]),
			options,
		);
		assert.equal(summary.sites[0]!.caller?.function, 'github.com/acme/api/db.Query');
	});

	it('goroutines parked in sync are named by the user function that waits', async () => {
		const profile = encodeProfile({
			sampleTypes: [['goroutine', 'count']],
			samples: [
				{stack: [{function: 'runtime.gopark'}, {function: 'sync.runtime_SemacquireWaitGroup'}, {function: 'sync.(*WaitGroup).Wait'}, {function: 'main.awaitShards', file: '/src/main.go', line: 70}, {function: 'main.(*svc).run', file: '/src/main.go'}, {function: 'runtime.goexit'}], values: [7]},
				{stack: [{function: 'runtime.gopark'}, {function: 'runtime.netpollblock'}, {function: 'internal/poll.runtime_pollWait'}, {function: 'internal/poll.(*FD).Read'}, {function: 'net.(*conn).Read'}, {function: 'net/http.(*connReader).backgroundRead'}, {function: 'runtime.goexit'}], values: [2]},
				{stack: [], values: [1]},
			],
		});
		const summary = await summarizeGoroutines(profile, options);
		const byName = new Map(summary.groups.map((group) => [group.name.function, group]));
		assert.equal(byName.get('main.awaitShards')?.count, 7);
		assert.equal(byName.get('main.awaitShards')?.entry.function, 'main.(*svc).run');
		const background = [...byName.values()].find((group) => group.entry.function === 'net/http.(*connReader).backgroundRead');
		assert.ok(background, [...byName.keys()].join(', '));
		assert.doesNotMatch(background.name.function, /^(runtime|internal\/poll)\./);
		assert.equal(summary.withoutStack, 1, 'a goroutine without frames is counted apart, not a group');
		assert.equal(summary.total, 10);
		void collectGoroutineGroups;
	});

	it('the stacks under one site, with how each moved', async () => {
		const base = heap([{stack: [{function: 'main.keep', file: '/src/main.go', line: 3}, {function: 'main.a'}], inuse: 100}]);
		const current = heap([
			{stack: [{function: 'main.keep', file: '/src/main.go', line: 3}, {function: 'main.a'}], inuse: 300},
			{stack: [{function: 'main.keep', file: '/src/main.go', line: 3}, {function: 'main.b'}], inuse: 50},
		]);
		const result = await siteStacks(current, base, 'main.keep', 'inuse_space', options);
		assert.deepEqual(
			result.stacks.map((s) => [s.frames[1]!.function, s.current[3]! - s.baseline[3]!]),
			[
				['main.a', 200],
				['main.b', 50],
			],
		);
	});
});
