import {parseStyledLine, styleChange, type Cells} from './styled-line.js';

/**
 * Takes the place of Ink 6.8's output buffer (ink/build/output.js, swapped in
 * as ink-swaps.ts describes): the grid that laid-out text is written onto
 * before it becomes the frame string. Same interface and
 * the same frame, cell for cell, but Ink's version re-tokenises every line and
 * builds an object per cell on every render, then compares every pair of
 * neighbouring cells with freshly allocated Sets: at 120x40 that was two thirds
 * of a dashboard redraw. Here a line is parsed once and remembered (lines
 * repeat from frame to frame), cells are two flat arrays, and styles compare
 * as strings.
 */
type Transformer = (line: string, index: number) => string;

interface Clip {
	x1?: number;
	x2?: number;
	y1?: number;
	y2?: number;
}

type Operation = {type: 'write'; x: number; y: number; text: string; transformers: readonly Transformer[]} | {type: 'clip'; clip: Clip} | {type: 'unclip'};

/**
 * Lines of this frame and of the one before. A line that stays on screen is
 * parsed once; one that changed is forgotten a frame later. Remembering lines
 * for longer only kept garbage alive long enough for the old generation to
 * have to collect it (the screen shows new numbers every second, for days).
 */
let thisFrame = new Map<string, Cells>();
let lastFrame = new Map<string, Cells>();
// A frame never holds this many lines; the bound is for text nobody expected.
const MAX_CACHED_LINES = 4000;

/** A line's cells, parsed once while it keeps being drawn. */
export function cellsOf(line: string): Cells {
	let cells = thisFrame.get(line);
	if (cells === undefined) {
		cells = lastFrame.get(line) ?? parseStyledLine(line);
		if (thisFrame.size >= MAX_CACHED_LINES) thisFrame.clear();
		thisFrame.set(line, cells);
	}
	return cells;
}

function frameDone(): void {
	const spare = lastFrame;
	lastFrame = thisFrame;
	thisFrame = spare;
	thisFrame.clear();
}

export default class Output {
	readonly width: number;
	readonly height: number;
	private readonly operations: Operation[] = [];

	constructor({width, height}: {width: number; height: number}) {
		this.width = width;
		this.height = height;
	}

	write(x: number, y: number, text: string, {transformers}: {transformers: readonly Transformer[]}): void {
		if (text) this.operations.push({type: 'write', x, y, text, transformers});
	}

	clip(clip: Clip): void {
		this.operations.push({type: 'clip', clip});
	}

	unclip(): void {
		this.operations.push({type: 'unclip'});
	}

	get(): {output: string; height: number} {
		const {width, height} = this;
		const last = grids[turn]!;
		turn ^= 1;
		const grid = blankGrid(grids[turn]!, width, height);
		const {chars, styles, rows} = grid;
		const clips: Clip[] = [];
		for (const operation of this.operations) {
			if (operation.type === 'clip') clips.push(operation.clip);
			else if (operation.type === 'unclip') clips.pop();
			else this.place(operation, clips.at(-1), chars, styles);
		}
		// Most rows are as they were in the last frame: their text is reused, not rebuilt.
		const comparable = last.width === width && last.height === height;
		for (let y = 0; y < height; y++) {
			const base = y * width;
			rows[y] = comparable && sameCells(grid, last, base, base + width) ? last.rows[y]! : rowText(chars, styles, base, width);
		}
		frameDone();
		return {output: rows.join('\n'), height};
	}

	private place({x, y, text, transformers}: Extract<Operation, {type: 'write'}>, clip: Clip | undefined, chars: string[], styles: string[]): void {
		const {width, height} = this;
		let lines = text.split('\n');
		const clipsX = clip !== undefined && typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
		const left = clipsX ? Math.max(0, clip.x1!) : 0;
		const right = clipsX ? Math.min(width, clip.x2!) : width;
		if (clip && typeof clip.y1 === 'number' && typeof clip.y2 === 'number') {
			if (y + lines.length < clip.y1 || y > clip.y2) return;
			const from = y < clip.y1 ? clip.y1 - y : 0;
			lines = lines.slice(from, Math.min(lines.length, clip.y2 - y));
			y = Math.max(y, clip.y1);
		}
		for (const [index, raw] of lines.entries()) {
			// As in Ink, rows past the frame take the rest of the text with them.
			const row = y + index;
			if (row < 0 || row >= height) return;
			let line = raw;
			let at = x;
			if (transformers.length > 0) {
				// Ink cuts a line to the clip before transforming it; a transformer may style what is left.
				const whole = clipsX ? cellsOf(raw) : undefined;
				if (whole && (x < left || x + whole.chars.length > right)) {
					line = styledText(whole.chars, whole.styles, left - x, right - x);
					at = Math.max(x, left);
				}
				for (const transform of transformers) line = transform(line, index);
			}
			const cells = cellsOf(line);
			const base = row * width;
			const end = Math.min(at + cells.chars.length, right);
			for (let column = Math.max(at, left); column < end; column++) {
				chars[base + column] = cells.chars[column - at]!;
				styles[base + column] = cells.styles[column - at]!;
			}
		}
	}
}

/** The cells of a frame and its rows as text. */
interface Grid {
	chars: string[];
	styles: string[];
	rows: string[];
	width: number;
	height: number;
}

// Ink makes an Output per render. Two grids take turns: this frame's, and the last one to compare with.
const grids: [Grid, Grid] = [emptyGrid(), emptyGrid()];
let turn = 0;

function emptyGrid(): Grid {
	return {chars: [], styles: [], rows: [], width: -1, height: -1};
}

function blankGrid(grid: Grid, width: number, height: number): Grid {
	if (grid.width !== width || grid.height !== height) {
		grid.chars = new Array<string>(width * height);
		grid.styles = new Array<string>(width * height);
		grid.rows = new Array<string>(height);
		grid.width = width;
		grid.height = height;
	}
	grid.chars.fill(' ');
	grid.styles.fill('');
	return grid;
}

function sameCells(a: Grid, b: Grid, from: number, to: number): boolean {
	for (let i = from; i < to; i++) if (a.chars[i] !== b.chars[i] || a.styles[i] !== b.styles[i]) return false;
	return true;
}

/** One row as text with SGR codes, trailing blanks dropped. */
function rowText(chars: readonly string[], styles: readonly string[], base: number, width: number): string {
	let last = width - 1;
	while (last >= 0 && chars[base + last] === ' ' && styles[base + last] === '') last--;
	return styledText(chars, styles, base, base + last + 1);
}

/** Cells [from, to) as text with SGR codes, ending in the default style. */
function styledText(chars: readonly string[], styles: readonly string[], from: number, to: number): string {
	let text = '';
	let style = '';
	const end = Math.min(to, chars.length);
	// A run of one style at a time: joined, not added char by char (a string per char).
	for (let start = Math.max(0, from); start < end; ) {
		const runStyle = styles[start]!;
		let stop = start + 1;
		while (stop < end && styles[stop] === runStyle) stop++;
		text += styleChange(style, runStyle) + (stop - start === 1 ? chars[start] : chars.slice(start, stop).join(''));
		style = runStyle;
		start = stop;
	}
	return text + styleChange(style, '');
}
