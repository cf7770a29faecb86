/**
 * @module Where things go on the screen, from its size alone: which plots sit
 * side by side and how wide, how tall the plots are, how many rows the list
 * gets, and what span of time a plot column covers. Pure; the update function
 * uses it too (a page of the list, a step of the scrub cursor).
 */
import type {Size, Zoom} from '../app/state.js';
import {ZOOM_MS} from '../app/state.js';

/** Below this the dashboard says "too small" instead of drawing garbage. */
export const MIN_SIZE: Size = {columns: 60, rows: 16};
/** Room for the y-axis labels, right-aligned, before the axis. */
export const LABEL_WIDTH = 8;
/** Wide enough for a third plot of its own. */
export const THREE_PLOTS_COLUMNS = 150;
const GAP = 2;

export type PlotSlot = 'memory' | 'second' | 'third';

export interface Layout {
	readonly tooSmall: boolean;
	/** Rows a frame takes: one fewer than the terminal (Ink 6 repaints everything on a frame as tall as the terminal). */
	readonly frameRows: number;
	/** Rows between the header (2) and the status line (1): what help fills. */
	readonly innerRows: number;
	readonly plots: ReadonlyArray<{readonly slot: PlotSlot; readonly width: number}>;
	/** Rows of the plot area (the axis labels and the line). */
	readonly chartHeight: number;
	/** Lines under each plot's time axis (the memory plot's legend). */
	readonly legendRows: number;
	/** Rows under the plots for the list or the drill-down. */
	readonly bodyRows: number;
	/** List or drill-down rows, under its title and column names. */
	readonly listRows: number;
}

/**
 * `wanted`: rows the list has to show; `expanded`: a drill-down or help is
 * open and takes more of the screen.
 */
export function layout(size: Size, wanted: number, expanded: boolean): Layout {
	const frameRows = Math.max(1, size.rows - 1);
	const tooSmall = size.columns < MIN_SIZE.columns || size.rows < MIN_SIZE.rows;
	const slots: PlotSlot[] = size.columns >= THREE_PLOTS_COLUMNS ? ['memory', 'second', 'third'] : ['memory', 'second'];
	const usable = size.columns - GAP * (slots.length - 1);
	const memory = Math.floor(usable * (slots.length === 3 ? 0.5 : 0.6));
	const rest = Math.floor((usable - memory) / (slots.length - 1));
	const plots = slots.map((slot, i) => ({slot, width: i === 0 ? usable - rest * (slots.length - 1) : rest}));
	// A legend wraps to a second row in any plot narrower than the memory one's legend.
	const legendRows = plots.every((plot) => plot.width >= 90) ? 1 : 2;
	// header 2, status 1; each plot: title, chart, time axis, legend; the list: title and column names.
	const innerRows = frameRows - 3;
	const plotChrome = 2 + legendRows;
	const listChrome = 2;
	const share = expanded ? 0.6 : 0.4;
	const listMax = Math.max(3, Math.floor(innerRows * share) - listChrome);
	let listRows = Math.max(3, Math.min(listMax, expanded ? listMax : Math.max(5, wanted)));
	let chartHeight = innerRows - listChrome - listRows - plotChrome;
	if (chartHeight < 4) {
		listRows = Math.max(1, listRows - (4 - chartHeight));
		chartHeight = innerRows - listChrome - listRows - plotChrome;
	}
	return {tooSmall, frameRows, innerRows, plots, chartHeight: Math.max(1, chartHeight), legendRows, listRows, bodyRows: listRows + listChrome};
}

/** Points a plot of this width shows (one per column after the labels and the axis). */
export function dataColumns(width: number): number {
	return Math.max(2, width - LABEL_WIDTH - 1);
}

/** Column spans people read: a tick of the time axis lands on a round time. */
export const STEPS_MS = [
	100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000,
	21_600_000, 43_200_000, 86_400_000,
];

export interface PlotWindow {
	readonly from: number;
	readonly step: number;
	readonly columns: number;
	/** The right edge (newest time covered). */
	readonly end: number;
}

/**
 * The time a plot covers: `columns` columns of `step` each, ending at `end`,
 * the step the smallest round span that fits the zoom (the whole run for
 * "all"). Columns are aligned to multiples of the step, so from one refresh
 * to the next only the newest column changes, and the terminal gets only
 * that column.
 */
export function plotWindow(zoom: Zoom, firstTime: number | undefined, end: number, columns: number, minStepMs: number): PlotWindow {
	const span = zoom === 'all' ? Math.max(0, end - (firstTime ?? end)) : ZOOM_MS[zoom];
	const wanted = Math.max(minStepMs, span / columns);
	const step = STEPS_MS.find((candidate) => candidate >= wanted) ?? STEPS_MS.at(-1)!;
	const right = Math.ceil((end + 1) / step) * step;
	return {from: right - columns * step, step, columns, end};
}
