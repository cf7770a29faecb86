import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {describe, it} from 'node:test';
import {load} from '../source/live/ink-measure-hook.js';
import {cursorFixingStdout} from '../source/live/ink-stdout.js';

const inkBuild = dirname(createRequire(import.meta.url).resolve('ink'));

describe('workarounds for Ink 6.8', () => {
	it('the loader hook bounds the installed Ink measure-text cache', async () => {
		const file = join(inkBuild, 'measure-text.js');
		const source = readFileSync(file, 'utf8');
		const result = await load(`file://${file}`, {}, async () => ({format: 'module', source}));
		assert.match(String(result.source), /if \(cache\.size >= 2000\) cache\.clear\(\); cache\.set\(text, dimensions\);/);
		const other = await load('file:///x/other.js', {}, async () => ({format: 'module', source: 'cache.set(text, dimensions);'}));
		assert.equal(other.source, 'cache.set(text, dimensions);', 'other modules untouched');
	});

	it('the stdout wrapper moves the cursor back onto the frame after each frame write', () => {
		const written: string[] = [];
		const fake = {write: (chunk: string) => written.push(chunk) > 0, columns: 80, rows: 24, isTTY: true} as unknown as NodeJS.WriteStream;
		const out = cursorFixingStdout(fake);
		out.write('line 1\nline 2\n');
		out.write('\u001b[2A\u001b[Eunchanged\u001b[E');
		out.write('\u001b[?2026h');
		assert.deepEqual(written, ['line 1\nline 2\n\u001b[1A', '\u001b[2A\u001b[Eunchanged\u001b[E\u001b[1A', '\u001b[?2026h']);
		assert.equal(out.columns, 80);
	});
});
