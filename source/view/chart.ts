/**
 * @module A plot as exactly `height` lines of exactly `width` columns, one
 * point per column. asciichart draws the axis, its labels and the primary
 * line; laid over the same grid, in the same scale: the min/max envelope of
 * columns that summarise many values (so a GC sawtooth stays visible while
 * the line reads through it), further series each with a glyph of its own
 * (told apart without colour), and the scrub cursor. Columns without data
 * stay blank.
 */
import asciichart from 'asciichart';
import {LABEL_WIDTH, dataColumns} from './layout.js';
import {span, type Color, type Line, type Span, type Style} from './style.js';
import {fit, padStart} from './text.js';

export interface Overlay {
	/** One value per column; NaN where there is none. */
	readonly values: readonly number[];
	readonly glyph: string;
	readonly color: Color;
}

export interface ChartInput {
	readonly width: number;
	readonly height: number;
	readonly format: (value: number) => string;
	/** Per column: the mean (the line), and the min and max it summarises (the envelope). NaN: no data. */
	readonly mean: readonly number[];
	readonly min?: readonly number[];
	readonly max?: readonly number[];
	readonly color: Color;
	readonly overlays?: readonly Overlay[];
	/** Columns where the series broke (a failed poll, a restart): blank, where a column merely without a point continues the line. */
	readonly gaps?: readonly boolean[];
	/** Column of the scrub cursor. */
	readonly cursor?: number;
}

export const ENVELOPE = '│';
export const CURSOR = '┊';

export function chart(input: ChartInput): Line[] {
	const {width, height} = input;
	const n = dataColumns(width);
	const overlays = input.overlays ?? [];
	const all: number[] = [];
	const collect = (values: readonly number[] | undefined) => {
		if (values) for (let i = 0; i < n; i++) if (Number.isFinite(values[i]!)) all.push(values[i]!);
	};
	collect(input.mean);
	collect(input.min);
	collect(input.max);
	for (const overlay of overlays) collect(overlay.values);
	if (all.length === 0) return centered('no data yet', width, height);

	const [lo, hi] = niceRange(Math.min(...all), Math.max(...all));
	const line = carryForward(input.mean.slice(0, n), all[0]!);
	while (line.length < n) line.push(line.at(-1) ?? all[0]!);
	const labels = (value: number) => padStart(input.format(value), LABEL_WIDTH);
	const text = asciichart.plot([line], {height: Math.max(1, height - 1), min: lo, max: hi, offset: 2, padding: ' '.repeat(LABEL_WIDTH), format: labels});
	let rows = text.split('\n');
	// asciichart gives height rows, or one more or fewer after its rounding: make it exact, and know the shift.
	const drawn = rows.length;
	if (rows.length > height) rows = rows.slice(rows.length - height);
	while (rows.length < height) rows.unshift('');
	const shift = height - drawn;
	const rowOf = scale(lo, hi, Math.max(1, height - 1), shift);

	const grid = rows.map((row) => padCells([...row], width));
	const styles: Array<Array<Style | undefined>> = grid.map((cells) => cells.map((_, c) => (c <= LABEL_WIDTH ? DIM : {fg: input.color})));
	const at = (i: number) => LABEL_WIDTH + i;
	const blank = (r: number, c: number) => grid[r]?.[c] === ' ';
	const set = (r: number, c: number, char: string, style: Style) => {
		if (r < 0 || r >= height || c >= width) return;
		grid[r]![c] = char;
		styles[r]![c] = style;
	};
	const firstData = input.mean.findIndex(Number.isFinite);
	for (let i = 0; i < n; i++) {
		if (!Number.isFinite(input.mean[i]!)) {
			// Before the data, or where the series broke: nothing drawn (the axis itself stays).
			// A column merely without a point of its own carries the line on.
			if (i < firstData || input.gaps?.[i]) for (let r = 0; r < height; r++) if (i > 0) set(r, at(i), ' ', {});
			continue;
		}
		if (input.gaps?.[i]) {
			// The series broke here (a restart): no line joins the two sides.
			for (let r = 0; r < height; r++) set(r, at(i), ' ', {});
			set(rowOf(input.mean[i]!), at(i), '─', {fg: input.color});
		}
		const low = input.min?.[i];
		const high = input.max?.[i];
		if (low !== undefined && high !== undefined && Number.isFinite(low) && Number.isFinite(high) && high > low) {
			for (let r = rowOf(high); r <= rowOf(low); r++) if (blank(r, at(i))) set(r, at(i), ENVELOPE, {fg: input.color, dim: true});
		}
	}
	for (const overlay of overlays) {
		for (let i = 0; i < n; i++) {
			const value = overlay.values[i]!;
			if (!Number.isFinite(value)) continue;
			const r = rowOf(value);
			if (blank(r, at(i)) || grid[r]?.[at(i)] === ENVELOPE) set(r, at(i), overlay.glyph, {fg: overlay.color, bold: true});
		}
	}
	if (input.cursor !== undefined && input.cursor >= 0 && input.cursor < n) {
		for (let r = 0; r < height; r++) if (blank(r, at(input.cursor)) || grid[r]?.[at(input.cursor)] === ENVELOPE) set(r, at(input.cursor), CURSOR, {bold: true});
	}
	// A flat line gives the same label on several rows: keep the first of each.
	let previous = '';
	for (let r = 0; r < height; r++) {
		const label = grid[r]!.slice(0, LABEL_WIDTH).join('');
		if (label.trim() !== '' && label === previous) for (let c = 0; c < LABEL_WIDTH; c++) grid[r]![c] = ' ';
		else if (label.trim() !== '') previous = label;
	}
	return grid.map((cells, r) => toSpans(cells, styles[r]!));
}

const DIM: Style = {dim: true};

/** asciichart's own mapping of a value to a row (rows − round(v·ratio) + round(lo·ratio)), then our shift. */
function scale(lo: number, hi: number, height: number, shift: number): (value: number) => number {
	const range = Math.abs(hi - lo);
	const ratio = range !== 0 ? height / range : 1;
	const min2 = Math.round(lo * ratio);
	const rows = Math.abs(Math.round(hi * ratio) - min2);
	return (value) => rows - (Math.round(value * ratio) - min2) + shift;
}

function padCells(cells: string[], width: number): string[] {
	const result = cells.slice(0, width);
	while (result.length < width) result.push(' ');
	return result;
}

/** Runs of cells with the same style as spans. */
function toSpans(cells: readonly string[], styles: ReadonlyArray<Style | undefined>): Line {
	const spans: Span[] = [];
	let text = '';
	let style: Style | undefined;
	const key = (s: Style | undefined) => (s ? `${s.fg ?? ''}${s.bold ? 'b' : ''}${s.dim ? 'd' : ''}` : '');
	for (let c = 0; c < cells.length; c++) {
		const cellStyle = cells[c] === ' ' ? undefined : styles[c];
		if (text && key(cellStyle) !== key(style)) {
			spans.push(span(text, style));
			text = '';
		}
		if (!text) style = cellStyle;
		text += cells[c];
	}
	if (text) spans.push(span(text, style));
	return spans;
}

/**
 * Axis bounds rounded out to a round step: the scale (and so every row of the
 * plot) only changes when the data crosses one, not with every new value.
 */
export function niceRange(min: number, max: number): [number, number] {
	if (min === max) {
		// A flat line sits mid-plot.
		const pad = Math.abs(min) * 0.05 || 1;
		return niceRange(min - pad, max + pad);
	}
	const span = max - min;
	const unit = 10 ** Math.floor(Math.log10(span));
	const step = [1, 2, 5, 10].map((m) => m * unit * 0.1).find((s) => span / s <= 5) ?? unit;
	const round = (value: number) => Number(value.toPrecision(12));
	const lo = round(Math.floor(min / step) * step);
	const hi = round(Math.ceil(max / step) * step);
	// Never below zero for data that is not (counts, bytes).
	return [min >= 0 ? Math.max(0, lo) : lo, hi];
}

/** Gaps take the previous value (the line needs a number in every column; the gap is blanked after). */
function carryForward(values: readonly number[], first: number): number[] {
	let last = first;
	return values.map((value) => (Number.isFinite(value) ? (last = value) : last));
}

function centered(text: string, width: number, rows: number): Line[] {
	const lines: Line[] = Array.from({length: rows}, () => [span(' '.repeat(width))]);
	lines[Math.floor(rows / 2)] = [span(fit(' '.repeat(Math.max(0, Math.floor((width - text.length) / 2))) + text, width), DIM)];
	return lines;
}
