import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {crosses, formatBytes, formatDuration, formatNanos, parseByteThreshold, parseCountThreshold, parseDuration, parseSize} from '../source/format/units.js';

describe('units', () => {
	it('parses sizes as binary units, like pprof prints them', () => {
		assert.equal(parseSize('50MB'), 50 * 2 ** 20);
		assert.equal(parseSize('50MiB'), 50 * 2 ** 20);
		assert.equal(parseSize('1.5GB'), 1.5 * 2 ** 30);
		assert.equal(parseSize('512k'), 512 * 1024);
		assert.equal(parseSize('1024'), 1024);
		assert.equal(parseSize('lots'), undefined);
		assert.equal(parseSize('5 parsecs'), undefined);
	});

	it('parses durations', () => {
		assert.equal(parseDuration('30s'), 30_000);
		assert.equal(parseDuration('5m'), 300_000);
		assert.equal(parseDuration('1h30m'), 5_400_000);
		assert.equal(parseDuration('250ms'), 250);
		assert.equal(parseDuration('2'), 2000);
		assert.equal(parseDuration('soon'), undefined);
		assert.equal(parseDuration('5x'), undefined);
		assert.equal(parseDuration(''), undefined);
	});

	it('parses thresholds and decides when they are crossed', () => {
		const bytes = parseByteThreshold('50MB')!;
		assert.deepEqual(bytes, {kind: 'bytes', bytes: 50 * 2 ** 20});
		assert.equal(crosses(bytes, 10, 51 * 2 ** 20), true);
		assert.equal(crosses(bytes, 10, 49 * 2 ** 20), false);
		const percent = parseByteThreshold('20%')!;
		assert.equal(crosses(percent, 100, 21), true);
		assert.equal(crosses(percent, 100, 20), false);
		assert.deepEqual(parseCountThreshold('100'), {kind: 'count', count: 100});
		assert.equal(parseCountThreshold('1MB'), undefined);
	});

	it('formats for people', () => {
		assert.equal(formatBytes(1536), '1.5KiB');
		assert.equal(formatBytes(-3 * 2 ** 20), '-3.0MiB');
		assert.equal(formatBytes(512), '512B');
		assert.equal(formatDuration(61_000), '1m01s');
		assert.equal(formatDuration(3_700_000), '1h01m');
		assert.equal(formatNanos(120_000), '120µs');
		assert.equal(formatNanos(3_400_000), '3.4ms');
	});
});
