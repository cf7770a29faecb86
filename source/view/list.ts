/**
 * @module The ranked list of heap allocation sites or goroutine groups: the
 * verdict, the rate with its uncertainty, the size, a trend, the name (leaf ←
 * the user's function) and the line that moved most. Wide terminals widen
 * the name and the trend; Go names are shortened as a Go engineer reads them.
 */
import {rankingInView, selectedPosition, trackedSeries, valueIndex, viewTime, visibleRows, type Row} from '../app/selectors.js';
import type {App, Target} from '../app/state.js';
import type {GoroutineGroup} from '../decode/goroutine-groups.js';
import {shortGoName} from '../decode/go-names.js';
import type {HeapSite} from '../decode/heap-sites.js';
import type {Model} from '../model/model.js';
import type {Verdict} from '../model/verdict.js';
import {fitLine, span, type Line, type Style} from './style.js';
import {columns, fit, fitLeft, padStart, shortLocation, sparkline} from './text.js';
import {formatBytes, formatBytesDelta, formatCount, formatCountDelta, formatDuration, formatRate} from './units.js';

export const VERDICT_TEXT: Record<Verdict, string> = {
	leaking: 'leaking',
	filled: 'filled',
	'too few samples': 'few samples',
	churning: 'churning',
	flat: 'flat',
	shrinking: 'shrinking',
};

/** Without colour the glyph carries the verdict. */
export const VERDICT_GLYPH: Record<Verdict, string> = {leaking: '↑', filled: '▔', 'too few samples': '?', churning: '~', flat: ' ', shrinking: '↓'};

export const VERDICT_STYLE: Record<Verdict, Style | undefined> = {
	leaking: {bold: true, fg: 'yellow'},
	filled: {fg: 'blue'},
	'too few samples': {dim: true},
	churning: undefined,
	flat: undefined,
	shrinking: undefined,
};

const PROVEN_STYLE: Style = {bold: true, fg: 'red'};

interface Columns {
	readonly verdict: number;
	readonly rate: number;
	readonly withUncertainty: boolean;
	readonly size: number;
	readonly growth: number;
	readonly trend: number;
	readonly name: number;
	readonly location: number;
}

function columnsFor(width: number): Columns {
	const wide = width >= 150;
	const medium = width >= 100;
	// '+1023KiB/min ± 1023KiB', the widest a rate with its uncertainty gets.
	const rate = medium ? 22 : 13;
	const growth = medium ? 10 : 0;
	const trend = wide ? 16 : medium ? 8 : 7;
	const fixed = 2 + 12 + rate + 10 + growth + 2 + trend + 2;
	const flexible = Math.max(20, width - fixed);
	const location = Math.max(10, Math.min(wide ? 40 : 24, Math.floor(flexible * 0.26)));
	return {verdict: 12, rate, withUncertainty: medium, size: 10, growth, trend, name: Math.max(10, flexible - location - 1), location};
}

export function listView(app: App, target: Target, rowsShown: number): Line[] {
	const model = target.model;
	const ui = app.ui;
	const width = app.size.columns;
	const heap = ui.pane === 'heap';
	const at = viewTime(ui);
	const ranking = rankingInView(app, model);
	const rows = visibleRows(app, model);
	const value = valueIndex(app, model);
	const type = heap ? (model.heap.sampleTypes[value]?.type ?? 'inuse_space') : 'goroutines';
	const bytes = heap && model.heap.sampleTypes[value]?.unit === 'bytes';
	const c = columnsFor(width);
	const other = heap ? 'tab: goroutines' : 'tab: heap';
	const what = heap ? 'Heap allocation sites' : 'Goroutine groups';
	const filter = ui.filter ? ` · filter "${ui.filter}"` : '';
	const when = !ranking
		? ''
		: at !== undefined
			? ` · as ranked at ${clock(ranking.time)}`
			: ` · ${ranking.profiles} profile${ranking.profiles === 1 ? '' : 's'} since the baseline ${formatDuration(Math.max(0, (ranking.time ?? 0) - (model.baselineTime ?? ranking.time)))} before`;
	const proof = !heap && model.leakProof ? ` · runtime: ${model.leakProof.total > 0 ? `${model.leakProof.total} goroutines proven leaked` : 'no leaked goroutines'}` : '';
	const period = heap && model.heap.period > 0 ? ` · sampled every ${formatBytes(model.heap.period)}` : '';
	const titleText = `${what} (${rows.length}) · ${heap ? `${allocated(type)} · ` : ''}sort ${ui.sort}${filter}${proof}${when}${period}`;
	const title: Line = [span(fit(titleText, Math.max(0, width - other.length - 1)), {inverse: true}), span(` ${other}`, {inverse: true})];

	if (!ranking) return [fitLine(title, width, {inverse: true}), fitLine([span(waiting(model, heap), {dim: true})], width)];

	const header =
		'  ' +
		fit('verdict', c.verdict) +
		padStart(c.withUncertainty ? 'rate ± 95%' : 'rate', c.rate) +
		padStart(heap ? (type.startsWith('alloc') ? 'allocated' : 'in use') : 'count', c.size) +
		padStart(c.growth ? 'growth' : '', c.growth) +
		'  ' +
		fit('trend', c.trend) +
		'  ' +
		fit(heap ? 'allocation site ← your code' : 'goroutines in ← started by', c.name) +
		' ' +
		fit(heap ? (c.location >= 20 ? 'line that moved most' : 'moved most') : 'location', c.location);
	const selected = selectedPosition(ui, rows.map((row) => row.key));
	const first = Math.max(0, Math.min(selected - Math.floor(rowsShown / 2), rows.length - rowsShown));
	const lines: Line[] = [fitLine(title, width, {inverse: true}), fitLine([span(header, {dim: true})], width)];
	rows.slice(first, first + rowsShown).forEach((row, i) => {
		const index = first + i;
		lines.push(rowLine(row, index === selected, {model, heap, value, bytes, c, width, at}));
	});
	if (rows.length === 0) lines.push(fitLine([span(ui.filter ? `nothing matches "${ui.filter}"` : 'nothing in use yet', {dim: true})], width));
	return lines;
}

function rowLine(row: Row, selected: boolean, o: {model: Model; heap: boolean; value: number; bytes: boolean; c: Columns; width: number; at: number | undefined}): Line {
	const {c} = o;
	const verdict = row.judgement.verdict;
	const proven = !o.heap && (o.model.leakProof?.byKey.get(row.key) ?? 0) > 0;
	const verdictText = proven ? `LEAKED ${formatCount(o.model.leakProof!.byKey.get(row.key)!)}` : VERDICT_TEXT[verdict];
	const glyph = proven ? '!' : VERDICT_GLYPH[verdict];
	// The rate is of what the judgement is about (in-use bytes, or the count); for alloc_* views the growth column says it.
	const rate = o.heap && o.value !== rankIndex(o.model) ? '' : formatRate(row.judgement.ratePerMinute, c.withUncertainty ? row.judgement.rateUncertainty : Number.NaN, o.heap ? 'bytes' : 'count');
	const size = o.bytes ? formatBytes(row.current[o.value]!) : formatCount(row.current[o.value]!);
	const growth = o.bytes ? formatBytesDelta(row.growth[o.value]!) : formatCountDelta(row.growth[o.value]!);
	const history = trackedSeries(o.model, o.heap, row.key);
	const shown = history ? history.column(o.heap ? o.value : 0).slice(0, o.at === undefined ? undefined : history.countUntil(o.at)) : [];
	const location = o.heap ? movedLine(row as Row & {info: HeapSite}) : groupLocation(row.info as GoroutineGroup);
	const style = selected ? {inverse: true} : proven ? PROVEN_STYLE : VERDICT_STYLE[verdict];
	const text =
		(selected ? '›' : ' ') +
		glyph +
		fit(verdictText, c.verdict) +
		padStart(rate, c.rate) +
		padStart(size, c.size) +
		padStart(c.growth ? growth : '', c.growth) +
		'  ' +
		(shown.length > 1 ? sparkline(shown, c.trend) : fit('', c.trend)) +
		'  ' +
		fit(displayName(row, o.heap, c.name), c.name) +
		' ' +
		fitLeft(location, c.location);
	return fitLine([span(text, style)], o.width, style);
}

function rankIndex(model: Model): number {
	const inuse = model.heap.sampleTypes.findIndex((vt) => vt.type === 'inuse_space');
	return inuse >= 0 ? inuse : model.heap.defaultIndex;
}

/** The name a row is known by, shortened part by part to fit: the method is never cut. */
export function displayName(row: Row, heap: boolean, width: number): string {
	const parts = heap ? heapParts(row.info as HeapSite) : groupParts(row.info as GoroutineGroup);
	return shortenParts(parts, width);
}

function heapParts(site: HeapSite): string[] {
	return site.name.split(' ← ');
}

function groupParts(group: GoroutineGroup): string[] {
	return group.entry.function && group.entry.function !== group.name.function ? [group.name.function, group.entry.function] : [group.name.function];
}

/**
 * "leaf ← via ← caller" in `width` columns: the middle goes first (it stays in
 * the drill-down), then each end is shortened as a Go engineer reads it, the
 * leaf keeping the most room.
 */
export function shortenParts(parts: readonly string[], width: number): string {
	const joined = parts.join(' ← ');
	if (columns(joined) <= width) return joined;
	const ends = parts.length > 2 ? [parts[0]!, parts.at(-1)!] : [...parts];
	if (ends.length > 1 && columns(ends.join(' ← ')) <= width) return ends.join(' ← ');
	if (ends.length === 1) return shortGoName(ends[0]!, width);
	const last = shortGoName(ends[1]!, Math.max(10, Math.floor((width - 3) / 2)));
	const first = shortGoName(ends[0]!, Math.max(10, width - 3 - columns(last)));
	return `${first} ← ${last}`;
}

/** The leaf line whose in-use value moved most since the baseline. */
export function movedLine(row: Row & {info: HeapSite}): string {
	const site = row.info;
	const before = new Map((row.baselineInfo as HeapSite | undefined)?.lines.map((line) => [line.line, line.values]) ?? []);
	let best = site.lines[0];
	let most = -1;
	for (const line of site.lines) {
		const base = before.get(line.line);
		const moved = line.values.reduce((sum, value, v) => sum + Math.abs(value - (base?.[v] ?? 0)), 0);
		if (moved > most) {
			most = moved;
			best = line;
		}
	}
	return site.file ? shortLocation(site.file, best?.line ?? 0) : '';
}

function groupLocation(group: GoroutineGroup): string {
	return group.name.file ? shortLocation(group.name.file, group.name.line) : '';
}

function allocated(type: string): string {
	return type.startsWith('alloc_') ? `${type} (allocated, freed or not)` : type;
}

function waiting(model: Model, heap: boolean): string {
	const failure = model.failures[heap ? 'heap' : 'goroutine'];
	const what = heap ? 'heap profile' : 'goroutine profile';
	return failure ? `No ${what} yet: ${failure.message}` : `Waiting for the first ${what}…`;
}

function clock(ms: number): string {
	return new Date(ms).toTimeString().slice(0, 8);
}
