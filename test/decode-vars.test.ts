import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {LeakwatchError} from '../source/errors.js';
import {decodeVars, latestPause, pausesSince} from '../source/decode/expvar.js';
import {decodeIndex} from '../source/decode/pprof-index.js';

const fixture = (name: string) => readFileSync(`test/fixtures/demo-run/${name}`, 'utf8');

describe('decodeVars', () => {
	it('reads memstats, cmdline and the service own numbers from a real /debug/vars', () => {
		const vars = decodeVars(fixture('vars-05.json'), 'vars');
		const mem = vars.memstats!;
		assert.ok(mem.heapInuse > 0 && mem.heapAlloc > 0 && mem.heapObjects > 0 && mem.sys > 0);
		assert.ok(mem.numGC > 0);
		assert.equal(mem.pauseNs.length, 256);
		assert.ok(mem.nextGC > 0);
		assert.match(vars.cmdline, /leakydemo/);
		assert.ok(vars.numbers.get('requests_total')! > 0);
		assert.ok(vars.numbers.has('cache.entries'), 'nested expvar.Map values get dotted paths');
		assert.ok(!vars.numbers.has('memstats.HeapInuse'));
	});

	it('finds the latest pause and the pauses since a previous poll', () => {
		const ring = Array.from({length: 256}, (_, i) => i * 10);
		const mem = {...decodeVars(fixture('vars-05.json'), 'vars').memstats!, numGC: 300, pauseNs: ring};
		assert.equal(latestPause(mem), ring[(300 + 255) % 256]);
		assert.deepEqual(pausesSince(mem, 297), [ring[(298 + 255) % 256], ring[(299 + 255) % 256], ring[(300 + 255) % 256]]);
		assert.equal(pausesSince(mem, 0).length, 256, 'more than 256 GCs between polls: the ring holds only the last 256');
	});

	it('a NumGC no Go runtime sends (2^53, negative, fractional) reads as unknown, and pause loops stay bounded', () => {
		const body = (numGC: unknown) => JSON.stringify({memstats: {NumGC: numGC, PauseNs: Array.from({length: 256}, (_, i) => i)}});
		for (const numGC of [2 ** 53, 2 ** 60, -1, 1.5, 2 ** 32]) {
			const mem = decodeVars(body(numGC), 'vars').memstats!;
			assert.ok(Number.isNaN(mem.numGC), String(numGC));
			assert.deepEqual(pausesSince(mem, 0), []);
		}
		const mem = decodeVars(body(2 ** 32 - 1), 'vars').memstats!;
		assert.equal(pausesSince(mem, 0).length, 256);
		assert.equal(pausesSince(mem, 2 ** 32 - 3).length, 2);
		assert.deepEqual(pausesSince({...mem, numGC: 5}, 2 ** 53), []);
	});

	it('refuses HTML with a one-line hint', () => {
		assert.throws(
			() => decodeVars('<!DOCTYPE html><html>login</html>', 'http://x/debug/vars'),
			(error: unknown) => error instanceof LeakwatchError && error.kind === 'bad-content' && /got HTML/.test(error.message),
		);
	});

	it('keeps hostile keys printable and bounded', () => {
		const many: Record<string, number> = {};
		for (let i = 0; i < 5000; i++) many[`k${i}`] = i;
		const vars = decodeVars(JSON.stringify({'evil\u001b[31m': 1, deep: {a: {b: {c: {d: {e: {f: {g: 1}}}}}}}, many, cmdline: ['x\u001b]0;t\u0007']}), 'vars');
		assert.ok(vars.numbers.has('evil\\x1b[31m'));
		assert.ok(vars.numbers.size <= 2000);
		assert.equal(vars.cmdline, 'x\\x1b]0;t\\x07');
		assert.equal(vars.memstats, undefined);
	});
});

describe('decodeIndex', () => {
	it('reads every profile count from the real index page', () => {
		const counts = decodeIndex(fixture('index-05.html'), 'index');
		assert.ok(counts.get('goroutine')! > 10);
		assert.ok(counts.get('threadcreate')! > 0);
		assert.ok(counts.has('heap') && counts.has('allocs') && counts.has('mutex'));
	});

	it('takes profiles it has never heard of', () => {
		const counts = decodeIndex("<tr><td>12</td><td><a href='goroutineleak?debug=1'>goroutineleak</a></td></tr>", 'index');
		assert.equal(counts.get('goroutineleak'), 12);
	});

	it('refuses a page without the table', () => {
		assert.throws(() => decodeIndex('<html>welcome</html>', 'index'), /not the net\/http\/pprof index/);
	});
});
