import {formatBytes, formatBytesDelta, formatCount, formatCountDelta, formatDuration} from '../format/units.js';
import {sortRanked} from '../model/ranking.js';
import type {RankedStack} from '../model/site-stacks.js';
import type {StatusNote} from '../model/state.js';
import {chartLines, type ChartOptions} from './chart.js';
import {corePlots, extraPlots, lastFinite, type PlotSpec} from './plots.js';
import type {DashboardData, PaneData, Row, Series} from './dashboard-data.js';
import {columns, fit, fitLeft, padStart, shortLocation, sparkline} from './text.js';
import {selectedPosition, type UiState} from './ui-state.js';

/**
 * The whole screen as plain data: every line already cut to width. React
 * components only print it. Pure: same inputs, same screen.
 */
export interface Size {
	readonly columns: number;
	readonly rows: number;
}

/** What is happening right now, shown even while the data view is paused. */
export interface LiveStatus {
	readonly target: string;
	readonly cmdline: string;
	readonly mode: 'live' | 'replay';
	readonly lastGoodTime: number | undefined;
	/** Newest data the model has (paused: how far behind the view is). */
	readonly liveTime: number | undefined;
	readonly failures: ReadonlyArray<{source: string; message: string; time: number}>;
	readonly note: StatusNote | undefined;
	/** When the target last completed a GC (ms since the epoch), from memstats. */
	readonly lastGCTime?: number;
	/** Alarms crossed now (--alert-*): their plots are highlighted. */
	readonly alarms?: readonly string[];
	/** Where runtime numbers come from: expvar, Prometheus /metrics, or neither (profiles only). */
	readonly runtimeSource?: 'expvar' | 'metrics' | 'none';
	/** The Go runtime's own verdict (/debug/pprof/goroutineleak, Go 1.26+), when the target serves it. */
	readonly goroutineLeak?: {readonly count: number; readonly time: number};
}

export interface ViewOptions {
	/** Points per plot; default: as many as the width allows. */
	readonly window?: number;
	readonly color: boolean;
}

export interface PlotView {
	readonly title: string;
	readonly alarm: boolean;
	readonly lines: readonly string[];
	readonly width: number;
}

export interface ListRow {
	readonly text: string;
	readonly selected: boolean;
	readonly steady: boolean;
}

export interface ScreenView {
	readonly size: Size;
	/** Set when the terminal cannot hold the dashboard. */
	readonly tooSmall?: string;
	readonly header: {readonly left: string; readonly right: string; readonly line2: string; readonly line2IsError: boolean; readonly paused: boolean};
	readonly plots: readonly PlotView[];
	/** The lower area: a list, a drill-down, or help. */
	readonly body: {
		readonly title: string;
		readonly columns?: string;
		readonly rows: readonly ListRow[];
		/** Drill-down: lines above its chart, the chart, and the lines below (stacks). Help: lines. */
		readonly intro?: readonly string[];
		readonly chart?: readonly string[];
		readonly lines?: readonly string[];
	};
	readonly status: {readonly left: string; readonly right: string; readonly level: 'info' | 'warn' | 'error'};
}

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;
const LABEL_WIDTH = 8;

export function layout(size: Size): {plotHeight: number; listRows: number} {
	const usable = size.rows - 1; // never as tall as the terminal: Ink would repaint everything
	const plotHeight = Math.max(4, Math.min(12, Math.floor(usable * 0.22)));
	// header 2, plot title 1, pane title 1, column header 1, status 1
	return {plotHeight, listRows: Math.max(1, usable - 6 - plotHeight)};
}

export function buildView(data: DashboardData, status: LiveStatus, ui: UiState, size: Size, now: number, options: ViewOptions): ScreenView {
	// Paused or replayed data is seen from the moment it was taken, so nothing in it moves.
	const dataNow = ui.paused || status.mode === 'replay' ? data.time ?? now : now;
	const header = headerView(status, ui, size, now, data);
	const base = {size, header, plots: [], body: {title: '', rows: []}, status: statusView(status, ui, size, now)};
	if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) {
		return {...base, tooSmall: `terminal too small: ${size.columns}x${size.rows}, leakwatch needs ${MIN_COLUMNS}x${MIN_ROWS}`};
	}
	const {plotHeight, listRows} = layout(size);
	const plots = plotViews(data, status, ui, size, plotHeight, options);
	const bodyHeight = listRows + 2;
	let body: ScreenView['body'];
	if (ui.help) body = helpView(size, bodyHeight, status.mode);
	else {
		const pane = ui.pane === 'heap' ? data.heap : data.goroutines;
		if (!pane) body = waitingView(ui, size, status);
		else if (ui.detail && ui.selectedKey !== undefined) body = detailView(pane, ui, size, bodyHeight, options);
		else body = listView(pane, ui, size, listRows, cursorTime(data, ui) ?? dataNow, status, cursorTime(data, ui));
	}
	return {...base, plots, body};
}

function headerView(status: LiveStatus, ui: UiState, size: Size, now: number, data: DashboardData): ScreenView['header'] {
	const via = {expvar: '', metrics: ' · via /metrics', none: ' · no expvar or /metrics: heap from profiles'}[status.runtimeSource ?? 'expvar'];
	const left = `leakwatch  ${status.target}${via}`;
	let right: string;
	if (status.mode === 'replay') {
		right = data.time ? `REPLAY of ${new Date(data.time).toISOString().slice(0, 19).replace('T', ' ')} (read-only)` : 'REPLAY';
	} else if (ui.paused) {
		const at = cursorTime(data, ui) ?? data.time;
		const behind = status.liveTime && at ? status.liveTime - at : 0;
		right = `PAUSED${at ? ` at ${clockTime(at)}` : ''}  ${formatDuration(Math.max(0, behind))} behind live · ←/→ scrub · space live`;
	} else {
		right = status.lastGoodTime ? `LIVE  polled ${formatDuration(Math.max(0, now - status.lastGoodTime))} ago` : 'LIVE  waiting for the first poll';
	}
	const failure = status.failures.at(-1);
	const line2 = failure
		? `${failure.source} failed ${formatDuration(Math.max(0, now - failure.time))} ago, retrying: ${failure.message}`
		: status.cmdline
			? `cmd: ${status.cmdline}`
			: '';
	const rightWidth = Math.min(columns(right), Math.max(10, size.columns - 20));
	return {
		left: fit(left, size.columns - rightWidth - 1),
		right: fit(right, rightWidth),
		line2: fit(line2, size.columns),
		line2IsError: Boolean(failure),
		paused: ui.paused,
	};
}

function plotViews(data: DashboardData, status: LiveStatus, ui: UiState, size: Size, plotHeight: number, options: ViewOptions): PlotView[] {
	const gap = 2;
	// Four plots where they fit; on a narrow terminal the GC slot takes its turn with the extras.
	const wide = size.columns >= WIDE_COLUMNS;
	const count = wide ? 4 : 3;
	const width = Math.floor((size.columns - gap * (count - 1)) / count);
	const plotWidth = width - LABEL_WIDTH - 2;
	const points = options.window ?? plotPoints(data.series.total, plotWidth);
	// Scrubbing past the left edge moves the window back so the cursor stays in view.
	const cursor = ui.paused ? ui.cursor : undefined;
	const back = cursor !== undefined && cursor >= points ? cursor - points + Math.ceil(points / 4) : 0;
	const series = back > 0 ? shiftedSeries(data.series, back) : data.series;
	const [heap, gc, goroutines] = corePlots(series, points, status.alarms ?? []) as [PlotSpec, PlotSpec, PlotSpec];
	const extras = extraPlots(series, points);
	const cycle = wide ? extras : [gc, ...extras];
	const chosen = cycle[ui.extra % cycle.length]!;
	const specs = wide ? [heap, gc, goroutines, chosen] : [heap, chosen, goroutines];
	return specs.map((spec) => {
		const shown = spec.values;
		const current = lastFinite(shown);
		const finite = shown.filter(Number.isFinite);
		const range = finite.length > 1 ? ` min ${spec.format(Math.min(...finite))} max ${spec.format(Math.max(...finite))}` : '';
		const name = spec.alarm ? `! ${spec.name}` : spec.name;
		const title = Number.isFinite(current) ? fitParts([`${name} ${spec.format(current)} ${trendArrow(finite)}`, spec.extra ?? '', range], width) : `${name} —`;
		return {
			title: fit(title, width),
			width,
			alarm: spec.alarm === true,
			lines: plotLines(spec.name, spec.values, {
				width,
				height: plotHeight,
				format: spec.format,
				labelWidth: LABEL_WIDTH,
				window: options.window,
				overlay: spec.overlay,
				marker: cursor === undefined ? undefined : shown.length - 1 - (cursor - back),
				reach: [heading(finite, width - LABEL_WIDTH - 2 - shown.length)],
				colors: options.color ? [ANSI[spec.color]!, ANSI.gray!] : undefined,
			}),
		};
	});
}

/**
 * Each plot's lines at the last refresh, by plot name (a name always comes with
 * the same formatter). A plot whose points and layout have not changed is not
 * drawn again: charting is a large part of a refresh, and plots like goroutines
 * or threads are flat most of the time. One entry per plot name.
 */
const drawnPlots = new Map<string, {key: string; lines: string[]}>();

function plotLines(name: string, values: readonly number[], options: ChartOptions): string[] {
	const {width, height, window, marker, reach, colors, overlay} = options;
	const key = `${width} ${height} ${window} ${marker} ${reach?.join()} ${colors?.join()}|${values.join()}|${overlay?.join()}`;
	const drawn = drawnPlots.get(name);
	if (drawn?.key === key) return drawn.lines;
	const lines = chartLines(values, options);
	drawnPlots.set(name, {key, lines});
	return lines;
}

/** The same series seen `back` points earlier: its newest `count` points end `back` before the real end. */
function shiftedSeries(series: Series, back: number): Series {
	const end = (values: readonly number[], count: number) => values.slice(0, Math.max(0, values.length - back)).slice(-count);
	return {
		...series,
		total: series.total - back,
		times: (count) => end(series.times(count + back), count),
		points: (name, count) => end(series.points(name, count + back), count),
		custom: (name, count) => end(series.custom(name, count + back), count),
	};
}

/** From this width the fourth plot (cycled with v) gets its own slot. */
const WIDE_COLUMNS = 120;

const ANSI: Record<string, string> = {cyan: '\u001b[36m', magenta: '\u001b[35m', green: '\u001b[32m', yellow: '\u001b[33m', blue: '\u001b[34m', gray: '\u001b[90m'};

/**
 * How many of the newest points a plot shows. The window moves in steps of a
 * third of its width instead of one point per poll: in between, a new point
 * only touches the plot's right edge, so a refresh rewrites a couple of rows
 * instead of the whole plot.
 */
export function plotPoints(total: number, width: number): number {
	if (total <= width) return width;
	const step = Math.max(1, Math.ceil(width / 3));
	const start = Math.ceil((total - width) / step) * step;
	return total - start;
}



/** The first part always (cut if need be), then each optional part that still fits whole. */
function fitParts(parts: readonly string[], width: number): string {
	let text = parts[0] ?? '';
	for (const part of parts.slice(1)) if (part && columns(text) + columns(part) <= width) text += part;
	return text;
}


/**
 * Where a line will be when the plot is full (the window then moves on): the
 * axis covers it in advance, so a steady climb does not rescale, and rewrite,
 * the whole plot at every poll.
 */
function heading(values: readonly number[], pointsLeft: number): number {
	if (values.length < 3 || pointsLeft <= 0) return Number.NaN;
	const n = values.length;
	const meanX = (n - 1) / 2;
	const meanY = values.reduce((a, b) => a + b, 0) / n;
	let num = 0;
	let den = 0;
	let total = 0;
	for (let i = 0; i < n; i++) {
		num += (i - meanX) * (values[i]! - meanY);
		den += (i - meanX) ** 2;
		total += (values[i]! - meanY) ** 2;
	}
	// Only a line that really heads somewhere (r² ≥ 0.8); noise would only jitter the axis.
	const r2 = total > 0 ? (num * num) / (den * total) : 0;
	return r2 >= 0.8 ? values[n - 1]! + (num / den) * pointsLeft : Number.NaN;
}

/** ↑ ↓ → from the slope over the window, relative to the level. */
export function trendArrow(values: readonly number[]): string {
	if (values.length < 3) return '→';
	const n = values.length;
	const meanX = (n - 1) / 2;
	const meanY = values.reduce((a, b) => a + b, 0) / n;
	let num = 0;
	let den = 0;
	for (let i = 0; i < n; i++) {
		num += (i - meanX) * (values[i]! - meanY);
		den += (i - meanX) ** 2;
	}
	const change = (num / den) * (n - 1);
	const scale = Math.max(Math.abs(meanY), 1e-9);
	if (change > scale * 0.02) return '↑';
	if (change < -scale * 0.02) return '↓';
	return '→';
}

function valueFormat(pane: PaneData, valueIndex: number): {value: (v: number) => string; delta: (v: number) => string} {
	const bytes = pane.sampleTypes[valueIndex]?.unit === 'bytes';
	return bytes ? {value: formatBytes, delta: formatBytesDelta} : {value: formatCount, delta: formatCountDelta};
}

/** The time under the scrub cursor, or undefined when not scrubbing. */
export function cursorTime(data: DashboardData, ui: UiState): number | undefined {
	if (!ui.paused || ui.cursor === undefined) return undefined;
	const times = data.series.times(ui.cursor + 1);
	return times.length > ui.cursor ? times[0] : undefined;
}

export function currentValueIndex(pane: PaneData, ui: UiState): number {
	if (pane.kind !== 'heap') return 0;
	if (ui.cursor !== undefined && ui.paused) return pane.defaultIndex;
	return ui.sampleIndex !== undefined && ui.sampleIndex < pane.sampleTypes.length ? ui.sampleIndex : pane.defaultIndex;
}

/** The rows in the order and with the filter the user chose. */
export function visibleRows(pane: PaneData, ui: UiState, at?: number): Row[] {
	// Scrubbing: the ranking as it was then (remembered for the default sample type only).
	const rows = (at !== undefined ? pane.rankingAt(at)?.rows : undefined) ?? (at !== undefined ? [] : pane.rows(currentValueIndex(pane, ui)));
	const needle = ui.filter.toLowerCase();
	// Go never frees a profile bucket: sites with nothing in use, then or now, are noise.
	const filtered = rows.filter(
		(row) => (row.current !== 0 || row.baseline !== 0) && (!needle || `${row.frame.function} ${row.entry?.function ?? ''} ${row.frame.file}`.toLowerCase().includes(needle)),
	);
	return ui.sort === 'growth' ? filtered : sortRanked(filtered, ui.sort);
}

function listView(pane: PaneData, ui: UiState, size: Size, listRows: number, now: number, status: LiveStatus, at: number | undefined): ScreenView['body'] {
	const valueIndex = currentValueIndex(pane, ui);
	const rows = visibleRows(pane, ui, at);
	const ranking = at !== undefined ? pane.rankingAt(at) : undefined;
	const selected = selectedPosition(ui, rows.map((row) => row.key));
	const first = Math.max(0, Math.min(selected - Math.floor(listRows / 2), rows.length - listRows));
	const shown = rows.slice(first, first + listRows);
	const {value, delta} = valueFormat(pane, valueIndex);
	const heap = pane.kind === 'heap';
	// Narrow terminals drop the rate column: the name matters more.
	const rateWidth = size.columns >= 100 ? 11 : 0;
	const flexible = size.columns - 2 - 10 - 10 - rateWidth - 9 - 2;
	const locationWidth = Math.max(10, Math.min(30, Math.floor(flexible * 0.3)));
	const functionWidth = Math.max(12, flexible - locationWidth - 1);
	const columns =
		'  ' +
		padStart('growth', 10) +
		padStart(heap ? 'in use' : 'count', 10) +
		padStart('per min', rateWidth) +
		'  ' +
		fit('trend', 7) +
		'  ' +
		fit(heap ? 'allocation site' : 'goroutines in', functionWidth) +
		' ' +
		fit('location', locationWidth);
	const list: ListRow[] = shown.map((row, i) => {
		const index = first + i;
		const full = pane.history(row.key, valueIndex);
		// Scrubbing: the trend up to the cursor, not past it.
		const history = full && at !== undefined ? {times: full.times, values: full.values.filter((_, i) => full.times[i]! <= at)} : full;
		const text =
			(index === selected ? '›' : ' ') +
			(row.steady ? '↑' : ' ') +
			padStart(delta(row.growth), 10) +
			padStart(value(row.current), 10) +
			padStart(row.trend.intervals > 0 ? delta(row.trend.slopePerMinute) : '—', rateWidth) +
			'  ' +
			(history ? sparkline(history.values, 7) : fit('', 7)) +
			'  ' +
			fit(rowName(row), functionWidth) +
			' ' +
			fitLeft(shortLocation(row.frame.file, row.frame.line), locationWidth);
		return {text: fit(text, size.columns), selected: index === selected, steady: row.steady};
	});
	const type = heap ? pane.sampleTypes[valueIndex]?.type ?? '' : 'goroutines';
	const what = heap ? 'Heap allocation sites' : 'Goroutine groups';
	const filter = ui.filter ? ` · filter "${ui.filter}"` : '';
	const since =
		at !== undefined
			? ranking
				? `as ranked at ${clockTime(ranking.time)}`
				: 'no profile yet at that time'
			: `baseline ${formatDuration(Math.max(0, now - pane.baselineTime))} ago, ${pane.profiles} profile${pane.profiles === 1 ? '' : 's'}`;
	const other = heap ? 'tab: goroutines' : 'tab: heap';
	const title = fitParts(
		// The runtime's leak verdict matters more than when the baseline was: it goes first.
		[`${what} (${rows.length}) · ${heap ? `${type} · ` : ''}sort ${ui.sort}${filter}`, heap ? '' : goroutineLeakNote(status), ` · ${since}`, heap ? gcNote(pane.latestTime, status.lastGCTime) : ''],
		size.columns - other.length - 1,
	);
	return {title: fit(`${fit(title, size.columns - other.length - 1)} ${other}`, size.columns), columns: fit(columns, size.columns), rows: list};
}

/** HH:MM:SS, local time: what the clock on the wall says. */
function clockTime(ms: number): string {
	return new Date(ms).toTimeString().slice(0, 8);
}

/**
 * A heap profile shows the heap as of the last completed GC: say how old that
 * is, or that a newer GC has happened (the next profile will show it).
 */
function gcNote(profileTime: number, lastGCTime: number | undefined): string {
	if (lastGCTime === undefined || !Number.isFinite(lastGCTime)) return '';
	if (lastGCTime > profileTime) return ' · a GC since this profile';
	return ` · as of the GC ${formatDuration(profileTime - lastGCTime)} before it`;
}

function goroutineLeakNote(status: LiveStatus): string {
	const leak = status.goroutineLeak;
	if (!leak) return '';
	return leak.count > 0 ? ` · runtime: ${leak.count} leaked goroutines (goroutineleak)` : ' · runtime: no leaked goroutines (goroutineleak)';
}

function rowName(row: Row): string {
	return row.entry && row.entry.function !== row.frame.function ? `${row.frame.function} (from ${row.entry.function})` : row.frame.function;
}

function detailView(pane: PaneData, ui: UiState, size: Size, height: number, options: ViewOptions): ScreenView['body'] {
	const valueIndex = currentValueIndex(pane, ui);
	const row = pane.rows(valueIndex).find((r) => r.key === ui.selectedKey);
	if (!row) return {title: fit('This entry is gone (the target restarted?) · esc back', size.columns), rows: []};
	const {value, delta} = valueFormat(pane, valueIndex);
	const heap = pane.kind === 'heap';
	const lines: string[] = [];
	lines.push(`${row.frame.file}:${row.frame.line}`);
	const objects = heap && Number.isFinite(row.secondaryCurrent) ? ` · ${formatCount(row.secondaryCurrent)} objects (${formatCountDelta(row.secondaryGrowth)})` : '';
	const judgement = row.steady ? 'growing steadily' : row.growth > 0 ? 'grew, not steadily' : 'not growing';
	lines.push(`${value(row.current)} now · ${delta(row.growth)} since baseline${objects} · ${delta(row.trend.slopePerMinute)}/min · ${judgement}`);

	const history = pane.history(row.key, valueIndex);
	const chartHeight = Math.max(3, Math.min(8, Math.floor(height / 3)));
	const chart = history ? chartLines(history.values, {width: size.columns, height: chartHeight, format: value, labelWidth: LABEL_WIDTH, colors: options.color ? [ANSI.cyan!] : undefined}) : undefined;

	const stacks = pane.stacks(row.key, valueIndex) ?? [];
	const stackLines = heap ? heapStackLines(stacks, value, delta) : goroutineStackLines(stacks);
	const room = Math.max(1, height - 1 - lines.length - (chart?.length ?? 0));
	const scroll = Math.min(ui.detailScroll, Math.max(0, stackLines.length - room));
	const body = stackLines.slice(scroll, scroll + room);
	const more = stackLines.length > room ? ` · lines ${scroll + 1}-${scroll + body.length} of ${stackLines.length} (j/k scroll)` : '';
	return {
		title: fit(`${heap ? 'Site' : 'Goroutine group'} ${row.frame.function}${more} · esc back`, size.columns),
		rows: [],
		intro: lines.map((line) => fit(line, size.columns)),
		chart,
		lines: body.map((line) => fit(line, size.columns)),
	};
}

function heapStackLines(stacks: readonly RankedStack[], value: (v: number) => string, delta: (v: number) => string): string[] {
	const lines = [stacks.length === 1 ? 'The one stack that feeds this site:' : `${stacks.length} stacks feed this site, most growth first:`];
	for (const stack of stacks) {
		lines.push(`  ${delta(stack.growth)} (${value(stack.current)} in use)`);
		for (const frame of stack.frames) lines.push(`      ${frame.function}  ${shortLocation(frame.file, frame.line)}`);
	}
	return lines;
}

function goroutineStackLines(stacks: readonly RankedStack[]): string[] {
	const lines = ['Stack (innermost first):'];
	for (const frame of stacks[0]?.frames ?? []) lines.push(`    ${frame.function}`, `        ${frame.file}:${frame.line}`);
	return lines;
}

function waitingView(ui: UiState, size: Size, status: LiveStatus): ScreenView['body'] {
	const what = ui.pane === 'heap' ? 'heap profile' : 'goroutine profile';
	const failure = status.failures.find((f) => f.source === (ui.pane === 'heap' ? 'heap' : 'goroutine'));
	const text = failure ? `No ${what} yet: ${failure.message}` : `Waiting for the first ${what}…`;
	return {title: fit(text, size.columns), rows: []};
}

export const HELP_LINES: ReadonlyArray<[string, string]> = [
	['j / k, ↓ / ↑', 'move in the list (PgDn/PgUp, Home/End)'],
	['enter', 'drill into the selected site or group: stacks and plot'],
	['esc', 'back (closes help, drill-down, then the filter)'],
	['tab', 'switch between heap sites and goroutine groups'],
	['space / p', 'pause the view (polling goes on); again for live'],
	['o', 'cycle the sort: growth, in use, objects'],
	['v', 'cycle the extra plot: GC goal, memory held, threads, GC CPU, --var'],
	['g g', 'fetch a heap profile after a forced GC (asks first)'],
	['i', 'cycle the heap sample type: inuse/alloc space/objects'],
	['/', 'filter by function or file (enter applies, esc cancels)'],
	['b', 'mark a new baseline: growth counts from now'],
	['s', 'export a snapshot (profiles for go tool pprof + report.md)'],
	['?', 'this help'],
	['ctrl-l', 'redraw the screen'],
	['q / ctrl-c', 'quit and restore the terminal'],
];

function helpView(size: Size, height: number, mode: 'live' | 'replay'): ScreenView['body'] {
	const lines = HELP_LINES.map(([keys, text]) => `  ${fit(keys, 14)} ${text}`);
	lines.push('');
	lines.push('  ↑ in a row: grew steadily through the window (what `leakwatch check` flags).');
	if (mode === 'replay') lines.push('  Replay is read-only: b and s do nothing.');
	return {title: fit('Keys · esc or ? closes', size.columns), rows: [], lines: lines.slice(0, Math.max(1, height - 1)).map((line) => fit(line, size.columns))};
}

/** How long a note stays in the status line. */
const NOTE_MS = {info: 15_000, warn: 60_000, error: 60_000};

function statusView(status: LiveStatus, ui: UiState, size: Size, now: number): ScreenView['status'] {
	if (ui.filterDraft !== undefined) {
		return {left: fit(`/ ${ui.filterDraft}█  (enter apply · esc cancel)`, size.columns), right: '', level: 'info'};
	}
	if (ui.gcArmed) {
		return {left: fit('press g again to force a GC on the target (gc=1 costs it a full collection); any other key cancels', size.columns), right: '', level: 'warn'};
	}
	const hints = status.mode === 'replay' ? 'q quit · ↵ drill · tab pane · o sort · / filter · ? help' : 'q quit · space pause · ↵ drill · tab pane · b baseline · s snapshot · ? help';
	const fresh = status.note && now - status.note.time < NOTE_MS[status.note.level];
	const note = fresh ? status.note!.text : '';
	const rightWidth = Math.min(columns(note), Math.max(0, size.columns - 30));
	return {
		left: fit(hints, Math.max(0, size.columns - rightWidth - (rightWidth ? 2 : 0))),
		right: rightWidth ? ` ${fit(note, rightWidth)}` : '',
		level: fresh ? status.note!.level : 'info',
	};
}
