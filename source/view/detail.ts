/**
 * @module The drill-down of one site or group: its verdict and why, its rate,
 * the line that moved most, its own plot since the baseline, and its stacks
 * (a heap site's, decoded when it was opened; a group's one stack), with full
 * names.
 */
import {companionIndex, rankingInView, trackedSeries, valueIndex, viewTime, visibleRows, type Row} from '../app/selectors.js';
import type {App, Target} from '../app/state.js';
import type {GoroutineGroup} from '../decode/goroutine-groups.js';
import type {HeapSite} from '../decode/heap-sites.js';
import type {SiteStack} from '../decode/site-stacks.js';
import {chart} from './chart.js';
import {movedLine, VERDICT_TEXT} from './list.js';
import {fitLine, span, type Line} from './style.js';
import {fit, shortLocation} from './text.js';
import {formatBytes, formatBytesDelta, formatCount, formatCountDelta, formatDuration, formatRate} from './units.js';

interface DetailParts {
	readonly title: string;
	readonly intro: readonly string[];
	readonly chartLines: readonly Line[];
	readonly stackLines: readonly string[];
	/** Rows left for the stacks. */
	readonly room: number;
}

export function detailView(app: App, target: Target, height: number): Line[] {
	const width = app.size.columns;
	const parts = detailParts(app, target, height);
	if (!parts) return [fitLine([span('This entry is gone (the target restarted?) · esc back', {inverse: true})], width, {inverse: true})];
	const {title, intro, chartLines, stackLines, room} = parts;
	const scroll = Math.min(app.ui.detailScroll, Math.max(0, stackLines.length - room));
	const shown = stackLines.slice(scroll, scroll + room);
	const more = stackLines.length > room ? ` · lines ${scroll + 1}-${scroll + shown.length} of ${stackLines.length} (j/k scroll)` : '';
	return [
		fitLine([span(fit(`${title}${more} · esc back`, width), {inverse: true})], width, {inverse: true}),
		...intro.map((text) => fitLine([span(text)], width)),
		...chartLines,
		...shown.map((text) => fitLine([span(text)], width)),
	];
}

/** The first stack line that can be on top: update() keeps the scroll within it. */
export function detailScrollMax(app: App, target: Target, height: number): number {
	const parts = detailParts(app, target, height);
	return parts ? Math.max(0, parts.stackLines.length - parts.room) : 0;
}

function detailParts(app: App, target: Target, height: number): DetailParts | undefined {
	const model = target.model;
	const ui = app.ui;
	const width = app.size.columns;
	const heap = ui.pane === 'heap';
	const at = viewTime(ui);
	const row = (rankingInView(app, model)?.rows as Row[] | undefined)?.find((r) => r.key === ui.selectedKey) ?? visibleRows(app, model).find((r) => r.key === ui.selectedKey);
	if (!row) return undefined;

	const value = valueIndex(app, model);
	const bytes = heap && model.heap.sampleTypes[value]?.unit === 'bytes';
	const format = bytes ? formatBytes : formatCount;
	const delta = bytes ? formatBytesDelta : formatCountDelta;
	const judgement = row.judgement;
	const proven = !heap ? (model.leakProof?.byKey.get(row.key) ?? 0) : 0;
	const intro: string[] = [];
	let title: string;
	let stackLines: string[];
	if (heap) {
		const site = row.info as HeapSite;
		title = `Site ${site.name}`;
		const objects = companionIndex(model, value);
		const objectText = objects >= 0 ? ` · ${formatCount(row.current[objects]!)} objects (${formatCountDelta(row.growth[objects]!)})` : '';
		intro.push(`${VERDICT_TEXT[judgement.verdict]}: ${judgement.reason}`);
		intro.push(`${formatRate(judgement.ratePerMinute, judgement.rateUncertainty, 'bytes')} (95%) · ${format(row.current[value]!)} now, ${delta(row.growth[value]!)} since the baseline${objectText}`);
		const objectsRate = row.secondary ? ` · objects ${formatRate(row.secondary.ratePerMinute, row.secondary.rateUncertainty, 'count')}` : '';
		intro.push(`${site.file ? `${movedLine(row as Row & {info: HeapSite})} moved most · ` : ''}${judgement.points} profiles over ${formatDuration(judgement.spanMs)}${model.heap.period > 0 ? ` · sampled every ${formatBytes(model.heap.period)}` : ' · every allocation sampled'}${objectsRate}`);
		stackLines = heapStacks(app, target, row, value, format, delta);
	} else {
		const group = row.info as GoroutineGroup;
		title = `Goroutine group ${group.name.function}`;
		intro.push(`${proven > 0 ? `PROVEN LEAKED by the Go runtime: ${proven} goroutines blocked where nothing can reach them · ` : ''}${VERDICT_TEXT[judgement.verdict]}: ${judgement.reason}`);
		intro.push(`${formatRate(judgement.ratePerMinute, judgement.rateUncertainty, 'count')} (95%) · ${formatCount(row.current[0]!)} goroutines, ${formatCountDelta(row.growth[0]!)} since the baseline`);
		intro.push(`started by ${group.entry.function}${group.caller ? ` · your code: ${group.caller.function}` : ''} · ${judgement.points} profiles over ${formatDuration(judgement.spanMs)}`);
		stackLines = [`Stack, innermost first (${group.depth} frames${group.depth > group.stack.length ? `, the first ${group.stack.length} shown` : ''}):`];
		for (const frame of group.stack) stackLines.push(`    ${frame.function}`, `        ${frame.file}:${frame.line}`);
	}

	const series = trackedSeries(model, heap, row.key);
	const chartHeight = Math.max(3, Math.min(8, Math.floor(height / 3)));
	let chartLines: Line[] = [];
	if (series && series.length > 1) {
		const count = Math.max(2, width - 9);
		const values = series.column(heap ? value : 0);
		const times = series.times;
		// The site's points since the baseline, spread over the width by time.
		const from = times[0]!;
		const step = Math.max(1, (times.at(-1)! - from) / (count - 1));
		const columns = new Array<number>(count).fill(Number.NaN);
		times.forEach((time, i) => {
			if (at === undefined || time <= at) columns[Math.min(count - 1, Math.round((time - from) / step))] = values[i]!;
		});
		chartLines = chart({width, height: chartHeight, format, mean: columns, color: 'cyan'});
	}
	return {title, intro, chartLines, stackLines, room: Math.max(1, height - 1 - intro.length - chartLines.length)};
}

function heapStacks(app: App, target: Target, row: Row, value: number, format: (v: number) => string, delta: (v: number) => string): string[] {
	const stacks = app.ui.stacks;
	if (!stacks || stacks.key !== row.key || stacks.target !== target.id) return [];
	if (stacks.status === 'loading') return ['Decoding its stacks…'];
	if (stacks.status === 'failed') return [`Its stacks could not be decoded: ${stacks.error ?? 'unknown error'}`];
	const list = stacks.result?.stacks ?? [];
	const index = Math.max(0, stacks.result?.sampleTypes.findIndex((vt) => vt.type === target.model.heap.sampleTypes[value]?.type) ?? 0);
	const lines = [list.length === 1 ? 'The one stack that feeds this site:' : `${list.length}${stacks.result!.more > 0 ? ` of ${list.length + stacks.result!.more}` : ''} stacks feed this site, most growth first:`];
	for (const stack of list as SiteStack[]) {
		lines.push(`  ${delta(stack.current[index]! - stack.baseline[index]!)} (${format(stack.current[index]!)} now)${stack.depth > stack.frames.length ? ` · ${stack.depth} frames, the first ${stack.frames.length} shown` : ''}`);
		for (const frame of stack.frames) lines.push(`      ${frame.function}  ${shortLocation(frame.file, frame.line)}`);
	}
	return lines;
}
