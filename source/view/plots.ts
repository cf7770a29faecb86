/**
 * @module The dashboard's plots: the memory picture up front (heap in use with
 * its GC sawtooth, the live heap after GC, the GC goal, the memory limit,
 * RSS, each labelled and drawn with its own glyph), goroutines, and one slot
 * that `v` cycles (GC, threads, open files, the service's --var vars). Each
 * is a title, the chart, a time axis and a legend, all exactly as wide as
 * the slot. Values are read at the view's time: scrubbing moves them.
 */
import type {Zoom} from '../app/state.js';
import type {History} from '../model/history.js';
import type {Model, SeriesName} from '../model/model.js';
import {judge, type Judgement} from '../model/verdict.js';
import {chart, type Overlay} from './chart.js';
import {LABEL_WIDTH, STEPS_MS, type PlotSlot, type PlotWindow} from './layout.js';
import {fitLine, span, type Color, type Line, type Span} from './style.js';
import {columns} from './text.js';
import {formatBytes, formatCount, formatDuration, formatNanos, formatRate} from './units.js';

export interface Panel {
	readonly lines: readonly Line[];
}

export interface PlotContext {
	readonly model: Model;
	/** Every plot covers the same span, each with its own columns: its window. */
	readonly window: (width: number) => PlotWindow;
	/** The view's time: the cursor when scrubbing, the moment of pausing, else undefined (the newest values). */
	readonly at: number | undefined;
	/** The scrub cursor, marked on every plot. */
	readonly cursor: number | undefined;
	readonly paused: boolean;
	readonly zoom: Zoom;
	readonly alarms: readonly string[];
	/** Which plot the cycling slot shows. */
	readonly extra: number;
	readonly chartHeight: number;
	readonly legendRows: number;
	readonly color: boolean;
}

/** The plots side by side: one Line per screen row. */
export function plotRows(context: PlotContext, slots: ReadonlyArray<{slot: PlotSlot; width: number}>): Line[] {
	const cycle = cyclingPlots(context.model);
	const panels = slots.map(({slot, width}) => {
		if (slot === 'memory') return memoryPanel(context, width);
		if (slot === 'second') return slots.length === 3 ? goroutinePanel(context, width) : cycle[context.extra % cycle.length]!(context, width);
		return cycle.slice(1)[context.extra % (cycle.length - 1)]!(context, width);
	});
	const height = Math.max(...panels.map((panel) => panel.lines.length));
	const rows: Line[] = [];
	for (let r = 0; r < height; r++) {
		const row: Span[] = [];
		panels.forEach((panel, i) => {
			if (i > 0) row.push(span('  '));
			row.push(...(panel.lines[r] ?? [span(' '.repeat(slots[i]!.width))]));
		});
		rows.push(row);
	}
	return rows;
}

type PanelMaker = (context: PlotContext, width: number) => Panel;

/** The second slot cycles through these (the third, on wide terminals, through all but goroutines). */
function cyclingPlots(model: Model): PanelMaker[] {
	const makers: PanelMaker[] = [goroutinePanel, gcPanel, simplePanel('threads', 'threads created', formatCount, 'yellow'), simplePanel('openFds', 'open files', formatCount, 'yellow')];
	for (const name of model.custom.keys()) makers.push(customPanel(name));
	return makers;
}

function memoryPanel(context: PlotContext, width: number): Panel {
	const {model} = context;
	const window = context.window(width);
	const s = model.series;
	const hasMem = model.lastMem !== undefined || Number.isFinite(s.heapInuse.valueAt());
	const primary = hasMem ? s.heapInuse : s.heapLive;
	const columns = summary(primary, window);
	const overlays: Array<Overlay & {label: string; value: number; extra?: string}> = [];
	const add = (history: History, glyph: string, color: Color, label: string, extra?: string) => {
		const points = summary(history, window);
		if (!points.mean.some(Number.isFinite)) return;
		overlays.push({values: points.last, glyph, color, label, value: valueAt(history, context.at), extra});
	};
	if (hasMem) add(s.heapLive, '•', 'green', 'live after GC');
	add(s.nextGC, '┄', 'magenta', 'GC goal');
	add(s.memoryLimit, '═', 'red', 'GOMEMLIMIT');
	add(s.rss, '▪', 'yellow', 'RSS');
	const heapLabel = hasMem ? 'heap in use' : 'live heap (profile)';
	const legend: Span[] = [span('─ ', {fg: 'cyan', bold: true}), span(`${heapLabel} ${formatBytes(valueAt(primary, context.at))}`)];
	for (const overlay of overlays) {
		legend.push(span('  '), span(`${overlay.glyph} `, {fg: overlay.color, bold: true}), span(`${overlay.label} ${formatBytes(overlay.value)}${overlay.extra ? ` ${overlay.extra}` : ''}`));
	}
	const alarm = context.alarms.includes('heap');
	// What survives GC is what is judged: its rate goes in the title.
	const rate = liveRate(model, context.at);
	return panel(context, width, `memory${alarm ? ' ! ALERT' : ''}`, alarm, chart({width, height: context.chartHeight, format: formatBytes, mean: columns.mean, min: columns.min, max: columns.max, gaps: columns.gaps, color: 'cyan', overlays, cursor: cursorColumn(context, window)}), wrapLegend(legend, width, context.legendRows), rate ? `live ${rate}` : '');
}

function goroutinePanel(context: PlotContext, width: number): Panel {
	const {model} = context;
	const window = context.window(width);
	const history = model.series.goroutines;
	const columns = summary(history, window);
	const judgement = judgementAt(model.goroutinePoints.times, model.goroutinePoints.values, context.at, model.goroutineCount, 3);
	const alarm = context.alarms.includes('goroutines');
	const byState = model.lastVars?.vars.runtime?.goroutinesByState;
	const states = byState && byState.size > 0 ? [...byState].map(([state, count]) => `${state} ${formatCount(count)}`).join(' · ') : '';
	const legend: Span[] = [span('─ ', {fg: 'green', bold: true}), span(`${formatCount(valueAt(history, context.at))} goroutines`), ...(states ? [span('  '), span(states)] : [])];
	return panel(context, width, `goroutines${alarm ? ' ! ALERT' : ''}`, alarm, chart({width, height: context.chartHeight, format: formatCount, mean: columns.mean, min: columns.min, max: columns.max, gaps: columns.gaps, color: 'green', cursor: cursorColumn(context, window)}), wrapLegend(legend, width, context.legendRows), trendText(judgement, 'count'));
}

function gcPanel(context: PlotContext, width: number): Panel {
	const {model} = context;
	const window = context.window(width);
	const rate = summary(model.series.gcPerMinute, window);
	const pause = valueAt(model.series.gcPauseMaxNs, context.at);
	const cpu = valueAt(model.series.gcCpuFraction, context.at);
	const legend: Span[] = [
		span('─ ', {fg: 'magenta', bold: true}),
		span(`${formatPerMinute(valueAt(model.series.gcPerMinute, context.at))} cycles/min`),
		...(Number.isFinite(pause) ? [span('  '), span(`longest pause ${formatNanos(pause)}`)] : []),
		// GCCPUFraction is an average since the process started, not a current figure.
		...(Number.isFinite(cpu) ? [span('  '), span(`GC CPU ${(cpu * 100).toFixed(2)}% since start`)] : []),
	];
	return panel(context, width, 'GC cycles per minute', false, chart({width, height: context.chartHeight, format: formatPerMinute, mean: rate.mean, min: rate.min, max: rate.max, gaps: rate.gaps, color: 'magenta', cursor: cursorColumn(context, window)}), wrapLegend(legend, width, context.legendRows));
}

function simplePanel(name: SeriesName, title: string, format: (v: number) => string, color: Color): PanelMaker {
	return (context, width) => {
		const window = context.window(width);
		const history = context.model.series[name];
		const columns = summary(history, window);
		const legend: Span[] = [span('─ ', {fg: color, bold: true}), span(format(valueAt(history, context.at)))];
		return panel(context, width, title, false, chart({width, height: context.chartHeight, format, mean: columns.mean, min: columns.min, max: columns.max, gaps: columns.gaps, color, cursor: cursorColumn(context, window)}), wrapLegend(legend, width, context.legendRows));
	};
}

/** A --var var; one that only ever rises is a counter, plotted as its rate. */
function customPanel(name: string): PanelMaker {
	return (context, width) => {
		const window = context.window(width);
		const history = context.model.custom.get(name)!;
		const columns = summary(history, window);
		const counter = isCounter(columns.last);
		const values = counter ? perSecond(columns.last, window.step) : columns.mean;
		const legend: Span[] = [span('─ ', {fg: 'blue', bold: true}), span(formatPerMinute(lastFinite(values)))];
		return panel(
			context,
			width,
			counter ? `${name} per second` : name,
			false,
			chart({width, height: context.chartHeight, format: formatPerMinute, mean: values, min: counter ? undefined : columns.min, max: counter ? undefined : columns.max, color: 'blue', cursor: cursorColumn(context, window)}),
			wrapLegend(legend, width, context.legendRows),
		);
	};
}

function panel(context: PlotContext, width: number, name: string, alarm: boolean, chartLines: Line[], legend: Line[], trend = ''): Panel {
	const window = context.window(width);
	// The rate matters more than the words around the span: a narrow plot says "39s" for "whole run 39s".
	const full = spanText(context, window);
	const short = full.replace(/^(whole run|last) /, '');
	const covered = columns(`${name} · ${full}${trend ? ` · ${trend}` : ''}`) <= width ? full : short;
	const title = fitLine(
		[span(`${name} · ${covered}`, alarm ? {bold: true, inverse: true, fg: 'red'} : {bold: true}), ...(trend ? [span(` · ${trend}`, {bold: true})] : [])],
		width,
	);
	return {lines: [title, ...chartLines, axisLine(window, width, context.paused), ...legend]};
}

/** Per column of the window: mean, min, max, the newest value, and where the series broke. */
function summary(history: History, window: PlotWindow): {mean: number[]; min: number[]; max: number[]; last: number[]; gaps: boolean[]} {
	const points = history.columns(window.from, window.step, window.columns, window.end);
	return {mean: points.map((p) => p.mean), min: points.map((p) => p.min), max: points.map((p) => p.max), last: points.map((p) => p.last), gaps: points.map((p) => p.gap)};
}

function valueAt(history: History, at: number | undefined): number {
	return history.valueAt(at);
}

function cursorColumn(context: PlotContext, window: PlotWindow): number | undefined {
	return context.cursor === undefined ? undefined : Math.floor((context.cursor - window.from) / window.step);
}

/**
 * The judgement as of the view's time: the model's own when live, recomputed
 * on the points up to the cursor when scrubbing (a few dozen points).
 */
function judgementAt(times: readonly number[], values: readonly number[], at: number | undefined, current: Judgement, floor: number): Judgement {
	if (at === undefined) return current;
	let n = 0;
	while (n < times.length && times[n]! <= at) n++;
	return judge({times: times.slice(0, n), values: values.slice(0, n), noise: () => 0, samples: Infinity, floor, remedy: ''});
}

function liveRate(model: Model, at: number | undefined): string {
	const points = model.liveHeapPoints;
	return trendText(judgementAt(points.times, points.values, at, model.liveHeap, 256 * 1024), 'bytes');
}

/** "↑ +7.3MiB/min ± 1.1": an arrow only on a growth judged real; the rate once there are three points. */
export function trendText(judgement: Judgement, unit: 'bytes' | 'count'): string {
	if (!Number.isFinite(judgement.ratePerMinute)) return '';
	const arrow = judgement.verdict === 'leaking' ? '↑ ' : judgement.verdict === 'shrinking' ? '↓ ' : '';
	return `${arrow}${formatRate(judgement.ratePerMinute, judgement.rateUncertainty, unit)}`;
}

/** "whole run 12m" or "last 15m": what the plot covers. */
function spanText(context: PlotContext, window: PlotWindow): string {
	const end = context.paused ? ` to ${clock(window.end)}` : '';
	if (context.zoom !== 'all') return `last ${context.zoom}${end}`;
	const first = context.model.series.heapInuse.firstTime ?? context.model.series.goroutines.firstTime;
	if (first === undefined || window.end - first < 1000) return `whole run${end}`;
	return `whole run ${formatDuration(window.end - first)}${end}`;
}

/** The time axis under a chart: round times as offsets from its right edge. */
function axisLine(window: PlotWindow, width: number, paused: boolean): Line {
	const cells = Array.from({length: width}, () => ' ');
	const right = window.from + window.columns * window.step;
	const tick = STEPS_MS.find((candidate) => candidate >= window.step * 12) ?? STEPS_MS.at(-1)!;
	const place = (column: number, text: string, alignRight: boolean) => {
		const start = alignRight ? column - text.length + 1 : column;
		if (start < LABEL_WIDTH + 1 || start + text.length > width) return false;
		for (let i = start - 1; i <= start + text.length; i++) if (i >= 0 && i < width && cells[i] !== ' ') return false;
		for (let i = 0; i < text.length; i++) cells[start + i] = text[i]!;
		return true;
	};
	const endLabel = paused ? clock(window.end) : 'now';
	place(width - 1, endLabel, true);
	for (let t = Math.floor(right / tick) * tick; t > window.from; t -= tick) {
		const column = LABEL_WIDTH + Math.floor((t - window.from) / window.step);
		if (right - t < tick / 2) continue;
		place(column, `-${formatDuration(right - t)}`, false);
	}
	return [span(cells.join(''), {dim: true})];
}

/**
 * The legend in at most `rows` lines of `width` columns, broken between
 * items (an item starts at a span of two blanks).
 */
function wrapLegend(spans: readonly Span[], width: number, rows: number): Line[] {
	const items: Span[][] = [];
	for (const part of spans) {
		if (part.text === '  ' || items.length === 0) items.push([]);
		if (part.text !== '  ') items.at(-1)!.push(part);
	}
	const lines: Span[][] = [[]];
	let used = 0;
	for (const item of items) {
		const w = item.reduce((sum, part) => sum + part.text.length, 0);
		const gap = lines.at(-1)!.length > 0 ? 2 : 0;
		if (used + gap + w > width && used > 0 && lines.length < rows) {
			lines.push([]);
			used = 0;
		}
		if (lines.at(-1)!.length > 0) {
			lines.at(-1)!.push(span('  '));
			used += 2;
		}
		lines.at(-1)!.push(...item);
		used += w;
	}
	while (lines.length < rows) lines.push([]);
	return lines.map((line) => fitLine(line, width));
}

function clock(ms: number): string {
	return new Date(ms).toTimeString().slice(0, 8);
}

function formatPerMinute(value: number): string {
	if (!Number.isFinite(value)) return '—';
	return Math.abs(value) < 10 ? value.toFixed(1) : formatCount(value);
}

function isCounter(values: readonly number[]): boolean {
	const finite = values.filter(Number.isFinite);
	if (finite.length < 3) return false;
	for (let i = 1; i < finite.length; i++) if (finite[i]! < finite[i - 1]!) return false;
	return finite.at(-1)! > finite[0]!;
}

function perSecond(values: readonly number[], stepMs: number): number[] {
	return values.map((value, i) => (i > 0 && Number.isFinite(value) && Number.isFinite(values[i - 1]!) ? ((value - values[i - 1]!) / stepMs) * 1000 : Number.NaN));
}

function lastFinite(values: readonly number[]): number {
	for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return values[i]!;
	return Number.NaN;
}

