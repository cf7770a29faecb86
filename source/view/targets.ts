/**
 * @module Several targets at once: one row per process, with the judgements
 * the dashboard makes (the live heap after GC and the goroutine count, each
 * with its rate and uncertainty), so the one that leaks stands out.
 */
import type {App, Target} from '../app/state.js';
import {LIST_KEYS} from '../app/keys.js';
import {rankingAt, type Model} from '../model/model.js';
import {listScreen} from './list-screen.js';
import type {Line, Style} from './style.js';
import {table, type Table} from './table.js';
import {sparkline} from './text.js';
import {formatBytes, formatCount, formatDuration, formatRate} from './units.js';

export type TargetStatus = 'waiting' | 'up' | 'down' | 'restarted';

export function targetStatus(model: Model, intervalMs: number, now: number): TargetStatus {
	const last = model.lastGoodTime;
	if (last === undefined) return Object.keys(model.failures).length > 0 ? 'down' : 'waiting';
	if (now - last > Math.max(5000, intervalMs * 5)) return 'down';
	const restart = model.restarts.at(-1);
	return restart !== undefined && now - restart < 10 * 60_000 ? 'restarted' : 'up';
}

export interface TargetRow {
	readonly key: string;
	readonly target: Target;
}

/** The rows of the list, in the order shown (the user's filter applied). */
export function targetRows(app: App): TargetRow[] {
	const needle = app.list.filter.toLowerCase();
	return app.targets.filter((target) => !needle || target.display.toLowerCase().includes(needle)).map((target) => ({key: String(target.id), target}));
}

const LAST_ERROR = 30;

/** On a narrow terminal these give way first, in this order. */
const DROP_ORDER = ['trend', 'heap rate ± 95%', 'goroutine rate ± 95%', 'leaking'];

/** The columns that fit `width`: status, the live heap and the goroutines with their rates stay at 80 columns. */
export function targetColumns(width: number, now: number): Table<Target> {
	const heapRate = (uncertainty: boolean) => ({model}: Target) => formatRate(model.liveHeap.ratePerMinute, uncertainty ? model.liveHeap.rateUncertainty : Number.NaN, 'bytes');
	const goroutineRate = (uncertainty: boolean) => ({model}: Target) => formatRate(model.goroutineCount.ratePerMinute, uncertainty ? model.goroutineCount.rateUncertainty : Number.NaN, 'count');
	const known = (value: number, format: (n: number) => string) => (Number.isFinite(value) ? format(value) : '—');
	return table<Target>(width, {title: 'target', min: 14, max: 40, value: (target) => target.display.replace(/^https?:\/\//, '')}, [
		{id: 'status', title: 'status', width: 9, left: true, value: (target) => targetStatus(target.model, target.intervalMs, now)},
		{id: 'heap', title: 'live heap', width: 9, value: ({model}) => known(model.series.heapLive.valueAt(), formatBytes)},
		{id: 'heap rate ± 95%', title: 'rate ± 95%', width: 22, left: true, value: heapRate(true)},
		{id: 'heap rate', title: 'rate', width: 13, left: true, value: heapRate(false), insteadOf: 'heap rate ± 95%'},
		{id: 'trend', title: 'trend', width: 12, left: true, value: ({model}) => sparkline(model.liveHeapPoints.values, 12)},
		{id: 'goroutines', title: 'gorout.', width: 7, value: ({model}) => known(model.series.goroutines.valueAt(), formatCount)},
		{id: 'goroutine rate ± 95%', title: 'rate ± 95%', width: 18, left: true, value: goroutineRate(true)},
		{id: 'goroutine rate', title: 'rate', width: 9, left: true, value: goroutineRate(false), insteadOf: 'goroutine rate ± 95%'},
		{id: 'leaking', title: 'leaking', width: 7, left: true, value: ({model}) => String(countLeaking(model) || '')},
	], DROP_ORDER);
}

export function targetsScreen(app: App): Line[] {
	const width = app.size.columns;
	// Wide terminals keep 30 columns for the last error, free text after the columns.
	const {header, row} = targetColumns(width >= 120 ? width - LAST_ERROR : width, app.now);
	const rows = targetRows(app).map(({key, target}) => {
		const {model} = target;
		const failure = Object.values(model.failures).sort((a, b) => b!.time - a!.time)[0];
		// The last error, free text, takes what the row has left.
		const text = row(target) + (failure ? ` ${failure.message} (${formatDuration(app.now - failure.time)} ago)` : '');
		// What leaks is what to look at first.
		const alert = countLeaking(model) > 0 || model.liveHeap.verdict === 'leaking' || model.goroutineCount.verdict === 'leaking';
		const style: Style | undefined = alert ? {bold: true, fg: 'yellow'} : undefined;
		return {key, text, style};
	});
	return listScreen(app, {
		title: `leakwatch  ${app.targets.length} targets · live heap after GC and goroutines, rates fitted since the baseline`,
		columns: width >= 120 ? `${header} last error` : header,
		rows,
		status: '↵ open the dashboard · esc back to this list · j/k move · / filter · ? help · q quit',
		empty: 'no targets',
		keys: LIST_KEYS,
	});
}

function countLeaking(model: Model): number {
	const sites = rankingAt(model.heap)?.rows.filter((row) => row.judgement.verdict === 'leaking').length ?? 0;
	const groups = rankingAt(model.goroutines)?.rows.filter((row) => row.judgement.verdict === 'leaking').length ?? 0;
	return sites + groups;
}
