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
import {fit, fitLeft, padStart, sparkline} from './text.js';
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

export function targetsScreen(app: App): Line[] {
	const width = app.size.columns;
	const nameWidth = Math.max(14, Math.min(40, width - 100));
	const header = `  ${fit('target', nameWidth)} ${fit('status', 10)}${padStart('live heap', 10)} ${fit('rate ± 95%', 22)} ${fit('trend', 12)}${padStart('gorout.', 8)} ${fit('rate ± 95%', 18)} ${fit('leaking', 8)} last error`;
	const rows = targetRows(app).map(({key, target}) => {
		const {model} = target;
		const leaking = countLeaking(model);
		const failure = Object.values(model.failures).sort((a, b) => b!.time - a!.time)[0];
		const live = model.series.heapLive.valueAt();
		const goroutines = model.series.goroutines.valueAt();
		const text =
			fitLeft(target.display.replace(/^https?:\/\//, ''), nameWidth) +
			' ' +
			fit(targetStatus(model, target.intervalMs, app.now), 10) +
			padStart(Number.isFinite(live) ? formatBytes(live) : '—', 10) +
			' ' +
			fit(formatRate(model.liveHeap.ratePerMinute, model.liveHeap.rateUncertainty, 'bytes'), 22) +
			' ' +
			sparkline(model.liveHeapPoints.values, 12) +
			padStart(Number.isFinite(goroutines) ? formatCount(goroutines) : '—', 8) +
			' ' +
			fit(formatRate(model.goroutineCount.ratePerMinute, model.goroutineCount.rateUncertainty, 'count'), 18) +
			' ' +
			fit(leaking > 0 ? String(leaking) : '', 8) +
			' ' +
			(failure ? `${failure.message} (${formatDuration(app.now - failure.time)} ago)` : '');
		// What leaks is what to look at first.
		const alert = leaking > 0 || model.liveHeap.verdict === 'leaking' || model.goroutineCount.verdict === 'leaking';
		const style: Style | undefined = alert ? {bold: true, fg: 'yellow'} : undefined;
		return {key, text, style};
	});
	return listScreen(app, {
		title: `leakwatch  ${app.targets.length} targets · live heap after GC and goroutines, rates fitted since the baseline`,
		columns: header,
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
