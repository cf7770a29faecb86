import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseByteThreshold, parseCountThreshold, parseDuration, parseSize} from '../source/cli/parse.js';
import {crosses} from '../source/model/thresholds.js';
import {columns, fit, fitLeft, padStart} from '../source/view/text.js';
import {formatBytes, formatCount, formatDuration, formatNanos, formatRate} from '../source/view/units.js';
import {charWidth, NARROW_TEXT} from '../source/view/width.js';

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

	it('never wider than a column, whatever the number (2^63 bytes, 1e30 objects)', () => {
		for (const value of [2 ** 63, -(2 ** 63), 1e30, 1e300, 123456789012]) {
			assert.ok(formatBytes(value).length <= 8, formatBytes(value));
			assert.ok(formatCount(value).length <= 7, formatCount(value));
		}
		assert.equal(formatBytes(2 ** 63), '8.0EiB');
		assert.equal(formatCount(1e30), '>999E');
		assert.equal(formatCount(999_999), '1.0M');
	});

	it('writes a rate with its uncertainty, and none before there is one', () => {
		assert.equal(formatRate(7.3 * 2 ** 20, 1.1 * 2 ** 20, 'bytes'), '+7.3MiB/min ± 1.1MiB');
		assert.equal(formatRate(2.34, 0.5, 'count'), '+2.3/min ± 0.5');
		assert.equal(formatRate(Number.NaN, 1, 'bytes'), '—');
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

describe('fixed-width text, in terminal columns', () => {
	const cases: Array<[string, number, string]> = [
		['abc', 5, 'abc  '],
		['abcdef', 4, 'abc…'],
		['┊▁█→…', 5, '┊▁█→…'],
		// Two columns per CJK character: cut before one would straddle the edge.
		['main.处理请求', 9, 'main.处 …'],
		['处理请求', 8, '处理请求'],
		['处理请求', 7, '处理请…'],
		// A combining mark takes no column and stays with its letter.
		['cafe\u0301s', 5, 'cafe\u0301s'],
		['cafe\u0301s', 4, 'caf…'],
	];
	it('fit pads or cuts to exactly the width', () => {
		for (const [text, width, expected] of cases) {
			assert.equal(fit(text, width), expected, `${text} in ${width}`);
			assert.equal(columns(fit(text, width)), width, `${text} in ${width}: width`);
		}
	});

	it('fitLeft keeps the end, padStart aligns right, both to the width', () => {
		assert.equal(fitLeft('/src/处理/main.go', 9), '…/main.go');
		assert.equal(fitLeft('pkg/处理.go', 7), '… 理.go');
		assert.equal(fitLeft('pkg/处理.go', 6), '…理.go');
		assert.equal(fitLeft('a.go', 6), 'a.go  ');
		assert.equal(padStart('12', 5), '   12');
		assert.equal(padStart('处理', 5), ' 处理');
		assert.equal(padStart('处理请求', 5), '处理 ');
	});
});

describe('narrow characters', () => {
	it('text measured by its length is text whose every character takes one column', () => {
		for (let point = 0; point < 0x3000; point++) {
			if (NARROW_TEXT.test(String.fromCharCode(point))) assert.equal(charWidth(point), 1, point.toString(16));
		}
	});
});
