import asciichart from 'asciichart';
import {fit, padStart, resample} from './text.js';

/**
 * A plot as fixed-size lines of text (asciichart underneath). The caller
 * decides the box; this fills it exactly, whatever the data, so the layout
 * never jumps.
 */
export interface ChartOptions {
	width: number;
	height: number;
	/** Formats a y-axis label; the result is padded to labelWidth. */
	format: (value: number) => string;
	labelWidth?: number;
	/** Points to show (newest last); default: as many as fit. */
	window?: number;
	colors?: string[];
	/** A second series drawn in the same axes (same length as values). */
	overlay?: readonly number[];
	/** Index (into the points shown) of a cursor to mark with a vertical dotted line. */
	marker?: number;
	/** Values the axis must also cover (where the line is heading), so it does not rescale at every poll. */
	reach?: readonly number[];
}

export function chartLines(values: readonly number[], options: ChartOptions): string[] {
	const labelWidth = options.labelWidth ?? 8;
	const plotWidth = Math.max(2, options.width - labelWidth - 2);
	const rows = Math.max(1, options.height);
	const shown = shownPoints(values, plotWidth, options.window);
	const overlay = options.overlay ? shownPoints(options.overlay, plotWidth, options.window) : undefined;
	const points = carryForward(shown);
	if (!points) return centered('no data yet', options.width, rows);

	const series = overlay ? [points, carryForward(overlay) ?? points] : [points];
	const covered = [...series.flat(), ...(options.reach ?? []).filter(Number.isFinite)];
	const [min, max] = niceRange(Math.min(...covered), Math.max(...covered));
	const plot = asciichart.plot(series, {
		height: Math.max(1, rows - 1),
		min,
		max,
		offset: 2,
		padding: ' '.repeat(labelWidth),
		format: (value: number) => padStart(options.format(value), labelWidth),
		colors: options.colors,
	});
	let lines = plot.split('\n');
	// asciichart gives height+1 rows, or one more or less after rounding: make it exact.
	if (lines.length > rows) lines = lines.slice(lines.length - rows);
	while (lines.length < rows) lines.unshift('');
	const column = options.marker === undefined || options.marker < 0 ? undefined : labelWidth + 2 + options.marker;
	// Indexed loops here and below: each refresh runs them for every plot, and in V8's
	// baseline tier a for-of makes an iterator result per element.
	const result: string[] = [];
	for (let i = 0; i < lines.length; i++) {
		const fitted = fitColored(mergeColors(lines[i]!), options.width);
		result.push(column === undefined ? fitted : markColumn(fitted, column));
	}
	return result;
}

/** Puts a dotted cursor line in one column, over blank cells only (the plot line stays visible). */
function markColumn(line: string, column: number): string {
	let visible = 0;
	for (let i = 0; i < line.length; i++) {
		if (line[i] === '\u001b') {
			const end = line.indexOf('m', i);
			if (end > i) {
				i = end;
				continue;
			}
		}
		if (visible === column) return line[i] === ' ' ? `${line.slice(0, i)}┊${line.slice(i + 1)}` : line;
		visible++;
	}
	return line;
}

/**
 * asciichart colours every cell on its own (colour, char, reset); a run of cells
 * in one colour needs the colour once. Cuts the bytes a refresh sends by half.
 */
export function mergeColors(line: string): string {
	// eslint-disable-next-line no-control-regex
	return line.replace(/\u001b\[0m(\u001b\[[0-9;]*m)/g, (match, next: string, offset: number) => {
		// Drop "reset + colour" when that colour is the one just reset.
		const before = line.lastIndexOf('\u001b[', offset - 1);
		const previous = before >= 0 ? /^\u001b\[[0-9;]*m/.exec(line.slice(before))?.[0] : undefined;
		return previous === next ? '' : match;
	});
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
	// Coarse steps (a fifth of the span or more): a little headroom, so a rising line does not rescale every poll.
	const step = [1, 2, 5, 10].map((m) => m * unit * 0.1).find((s) => span / s <= 5) ?? unit;
	const round = (value: number) => Number(value.toPrecision(12));
	const lo = round(Math.floor(min / step) * step);
	const hi = round(Math.ceil(max / step) * step);
	// Never below zero for data that is not (counts, bytes).
	return [min >= 0 ? Math.max(0, lo) : lo, hi];
}

/** Points for the plot area: the newest that fit, or the requested window resampled to fit. */
function shownPoints(values: readonly number[], plotWidth: number, window: number | undefined): number[] {
	const recent = values.slice(-(window ?? plotWidth));
	return recent.length > plotWidth ? resample(recent, plotWidth) : recent;
}

/** Gaps (failed polls, restarts) hold the previous value; none at all → undefined. */
function carryForward(values: readonly number[]): number[] | undefined {
	const first = values.find(Number.isFinite);
	if (first === undefined) return undefined;
	let last = first;
	const result: number[] = [];
	for (let i = 0; i < values.length; i++) result.push(Number.isFinite(values[i]) ? (last = values[i]!) : last);
	return result;
}

function centered(text: string, width: number, rows: number): string[] {
	const lines = new Array<string>(rows).fill(' '.repeat(width));
	lines[Math.floor(rows / 2)] = fit(' '.repeat(Math.max(0, Math.floor((width - text.length) / 2))) + text, width);
	return lines;
}

/** Pads or cuts a line that may hold colour codes, by its visible length. */
function fitColored(line: string, width: number): string {
	// eslint-disable-next-line no-control-regex
	const visible = line.replace(/\u001b\[[0-9;]*m/g, '');
	const length = [...visible].length;
	if (length === width) return line;
	if (length < width) return line + ' '.repeat(width - length);
	if (visible.length === line.length) return fit(line, width);
	// Coloured and too long (should not happen with our widths): drop the colour.
	return fit(visible, width);
}
