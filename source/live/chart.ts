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
	let min = Math.min(...series.flat());
	let max = Math.max(...series.flat());
	if (min === max) {
		// A flat line: give it some room so it sits mid-plot instead of at the top.
		const pad = Math.abs(min) * 0.05 || 1;
		min -= pad;
		max += pad;
	}
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
	return lines.map((line) => fitColored(line, options.width));
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
	return values.map((v) => (Number.isFinite(v) ? (last = v) : last));
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

/** Where the marker row puts each marker, for plots that mark restarts or a cursor. */
export function markerLine(width: number, labelWidth: number, markers: ReadonlyArray<{index: number; char: string}>): string {
	const cells = new Array<string>(width).fill(' ');
	for (const {index, char} of markers) {
		const column = labelWidth + 2 + index;
		if (column >= 0 && column < width) cells[column] = char;
	}
	return cells.join('');
}
