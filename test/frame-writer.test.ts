import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseCells, styleChange} from '../source/terminal/cells.js';
import {frameUpdate, fullPaint} from '../source/terminal/frame-diff.js';
import {frameWriter} from '../source/terminal/frame-writer.js';
import {charWidth} from '../source/view/width.js';
import {Screen} from './helpers/screen.js';

const COLUMNS = 60;
const ROWS = 12;

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const TEXT = ['a', 'b', 'x', ' ', '1', '─', '│', '┼', '╭', '·', '→', 'µ', '█'];
const WIDE = ['漢', '字'];
const STYLES: ReadonlyArray<readonly [string, string]> = [
	['\u001b[31m', '\u001b[39m'],
	['\u001b[1m', '\u001b[22m'],
	['\u001b[7m', '\u001b[27m'],
	['\u001b[90m', '\u001b[39m'],
	['\u001b[38;5;208m', '\u001b[39m'],
	['\u001b[44m', '\u001b[49m'],
];

/** A row of styled text no wider than `columns`; wide characters now and then. */
function randomRow(rng: () => number, columns: number, wide: boolean): string {
	let row = '';
	let width = 0;
	const target = Math.floor(rng() * (columns + 1));
	while (width < target) {
		const char = wide && rng() < 0.05 ? pick(rng, WIDE) : pick(rng, TEXT);
		const w = charWidth(char.codePointAt(0)!);
		if (width + w > target) break;
		width += w;
		if (rng() < 0.2) {
			const [open, close] = pick(rng, STYLES);
			row += `${open}${char}${close}`;
		} else {
			row += char;
		}
	}
	return row;
}

function randomFrame(rng: () => number, wide: boolean): string[] {
	return Array.from({length: 1 + Math.floor(rng() * ROWS)}, () => randomRow(rng, COLUMNS, wide));
}

/** Like a dashboard refresh: most rows as they were, a few cells or rows changed. */
function mutate(rng: () => number, frame: readonly string[], wide: boolean): string[] {
	const next = [...frame];
	for (let changes = Math.floor(rng() * 4); changes >= 0; changes--) {
		const row = Math.floor(rng() * ROWS);
		const old = next[row] ?? '';
		const roll = rng();
		if (roll < 0.5 && old.length > 2) {
			// Change one character in place.
			const cells = parseCells(old);
			const at = Math.floor(rng() * cells.chars.length);
			if (cells.simple) {
				cells.chars[at] = pick(rng, TEXT);
				next[row] = cells.chars.map((char, index) => styleChange(cells.styles[index - 1] ?? '', cells.styles[index]!) + char).join('') + styleChange(cells.styles.at(-1) ?? '', '');
			}
		} else if (roll < 0.9) {
			next[row] = randomRow(rng, COLUMNS, wide);
		} else {
			next.length = Math.min(next.length, row);
		}
	}
	return Array.from({length: Math.max(...[next.length, 1])}, (_, index) => next[index] ?? '');
}

function shown(...writes: string[]): string[] {
	const screen = new Screen(COLUMNS, ROWS);
	for (const write of writes) screen.write(write);
	return screen.lines();
}

describe('frame writer', () => {
	it('sends what turns any frame into the next one, cell for cell', () => {
		for (let seed = 1; seed <= 400; seed++) {
			const rng = random(seed);
			const wide = seed % 4 === 0;
			let frame = randomFrame(rng, wide);
			const screen = new Screen(COLUMNS, ROWS);
			screen.write(fullPaint(frame));
			for (let step = 0; step < 5; step++) {
				const next = mutate(rng, frame, wide);
				screen.write(frameUpdate(frame, next));
				assert.deepEqual(screen.lines(), shown(fullPaint(next)), `seed ${seed}, step ${step}`);
				frame = next;
			}
		}
	});

	it('shows a frame as Ink laid it out, and sends nothing when it did not change', () => {
		const frame = ['\u001b[1mheap\u001b[22m 12MiB', '', ' \u001b[31m┼──\u001b[39m'];
		assert.deepEqual(shown(fullPaint(frame)).slice(0, 3), ['{h|1}{e|1}{a|1}{p|1} 12MiB', '', ' {┼|31}{─|31}{─|31}']);
		assert.equal(frameUpdate(frame, [...frame]), '');
	});

	it('redraws one changed cell with a cursor move and the cell, not the line', () => {
		const before = `${'x'.repeat(50)} 12.3MiB ${'\u001b[90m·\u001b[39m'.repeat(20)}`;
		const after = before.replace('12.3', '12.4');
		const update = frameUpdate([before], [after]);
		assert.equal(update, '\u001b[1;55H4');
		assert.ok(frameUpdate([before, 'a'], [after.replace('x', 'y'), 'a']).length < 30);
	});

	it('clears what a shorter row leaves behind, with the default background', () => {
		const update = frameUpdate(['abc \u001b[44mdef\u001b[49m'], ['abc']);
		assert.deepEqual(shown(fullPaint(['abc \u001b[44mdef\u001b[49m']), update)[0], 'abc');
		assert.equal(update, '\u001b[1;5H\u001b[K');
	});

	it('rewrites whole a row whose characters terminals may measure differently', () => {
		const update = frameUpdate(['ab 漢字 cd'], ['ab 漢字 ce']);
		assert.equal(update, '\u001b[1H\u001b[2Kab 漢字 ce\u001b[0m');
	});

	it('paints whole at first, after a resize and on repaint; cell changes between; drops a frame wider than a terminal that just shrank', () => {
		const written: string[] = [];
		const terminal = {columns: 80, rows: 24, write: (chunk: string) => written.push(chunk)};
		const frames = frameWriter(terminal);
		frames.show('one\ntwo');
		frames.show('one\ntwo!');
		frames.show('one\ntwo!');
		terminal.columns = 100;
		frames.show('one\ntwo!');
		frames.repaint();
		terminal.columns = 3;
		frames.show('one\ntwo!');
		const unwrap = (chunk: string) => chunk.replace(/^\u001b\[\?2026h|\u001b\[\?2026l$/g, '');
		assert.deepEqual(written.map(unwrap), [fullPaint(['one', 'two']), '\u001b[2;4H!', fullPaint(['one', 'two!']), fullPaint(['one', 'two!'])], 'an unchanged frame sends nothing');
	});
});
