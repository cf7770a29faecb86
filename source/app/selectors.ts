/**
 * @module What the screen shows, derived from the app state: the target in
 * view, the time the view stands at (live, paused or scrubbed), the list rows
 * in the user's order and filter. Pure; the update function and the view
 * read the same answers.
 */
import type {GoroutineGroup} from '../decode/goroutine-groups.js';
import type {HeapSite} from '../decode/heap-sites.js';
import {newestTime, rankingAt, type Model, type ProfileTrack, type RankedRow, type Ranking} from '../model/model.js';
import {VERDICT_ORDER} from '../model/verdict.js';
import {dataColumns, layout, plotWindow, type Layout, type PlotWindow} from '../view/layout.js';
import type {App, DashboardUi, Pane, Target} from './state.js';

export type Row = RankedRow<HeapSite> | RankedRow<GoroutineGroup>;

export function currentTarget(app: App): Target | undefined {
	return app.screen.kind === 'dashboard' ? app.targets.find((target) => target.id === (app.screen as {target: number}).target) : undefined;
}

/** The newest time the view shows: the scrub cursor, the moment of pausing, or (live) everything. */
export function viewTime(ui: DashboardUi): number | undefined {
	return ui.pausedAt === undefined ? undefined : (ui.cursor ?? ui.pausedAt);
}

/** The right edge of the plots: now when live, the moment of pausing when paused (the cursor moves inside). */
export function plotEnd(app: App, model: Model): number {
	if (app.ui.pausedAt !== undefined) return app.ui.pausedAt;
	const newest = newestTime(model);
	return app.targets.find((t) => t.model === model)?.mode === 'replay' ? (newest ?? app.now) : Math.max(app.now, newest ?? 0);
}

export function paneTrack(model: Model, pane: Pane): ProfileTrack<HeapSite> | ProfileTrack<GoroutineGroup> {
	return pane === 'heap' ? model.heap : model.goroutines;
}

export function rankingInView(app: App, model: Model): Ranking<HeapSite> | Ranking<GoroutineGroup> | undefined {
	const track = paneTrack(model, app.ui.pane) as ProfileTrack<HeapSite | GoroutineGroup>;
	return rankingAt(track, viewTime(app.ui)) as Ranking<HeapSite> | Ranking<GoroutineGroup> | undefined;
}

/** A tracked entry's points since the baseline (the "other" row's too), in the pane shown. */
export function trackedSeries(model: Model, heap: boolean, key: string) {
	const tracker = heap ? model.heap.tracker : model.goroutines.tracker;
	if (!tracker) return undefined;
	return key === tracker.other.key ? tracker.other.series : tracker.items.get(key)?.series;
}

/** The heap value the list shows (inuse_space unless the user chose another with `i`). */
export function valueIndex(app: App, model: Model): number {
	if (app.ui.pane !== 'heap') return 0;
	const types = model.heap.sampleTypes;
	if (app.ui.sampleIndex !== undefined && app.ui.sampleIndex < types.length) return app.ui.sampleIndex;
	const inuse = types.findIndex((vt) => vt.type === 'inuse_space');
	return inuse >= 0 ? inuse : model.heap.defaultIndex;
}

/** The heap value that counts objects beside the one shown (inuse_space ↔ inuse_objects). */
export function companionIndex(model: Model, index: number): number {
	const type = model.heap.sampleTypes[index]?.type ?? '';
	const partner = type.endsWith('_space') ? type.replace(/_space$/, '_objects') : type.endsWith('_objects') ? type.replace(/_objects$/, '_space') : '';
	return partner ? model.heap.sampleTypes.findIndex((vt) => vt.type === partner) : -1;
}

export function isGroup(info: HeapSite | GoroutineGroup): info is GoroutineGroup {
	return 'stack' in info;
}

/** The list in the user's order and filter. */
export function visibleRows(app: App, model: Model): Row[] {
	const ranking = rankingInView(app, model);
	if (!ranking) return [];
	const needle = app.ui.filter.toLowerCase();
	const value = valueIndex(app, model);
	const objects = app.ui.pane === 'heap' ? countIndex(app, model, value) : 0;
	const companion = app.ui.pane === 'heap' ? companionIndex(model, value) : -1;
	const shown = (values: readonly number[]) => values[value] !== 0 || (companion >= 0 && values[companion] !== 0);
	const rows = (ranking.rows as Row[]).filter((row) => {
		// Go never frees a profile bucket: sites with nothing in use, then or now, are noise.
		if (!shown(row.current) && !shown(row.growth)) return false;
		return !needle || searchText(row).toLowerCase().includes(needle);
	});
	const order = app.ui.sort;
	if (order === 'inuse') return rows.sort((a, b) => Math.abs(b.current[value]!) - Math.abs(a.current[value]!) || byKey(a, b));
	if (order === 'objects') return rows.sort((a, b) => b.growth[objects]! - a.growth[objects]! || byKey(a, b));
	// The ranking's own order: most alarming verdict first. Another sample type re-sorts within a verdict.
	if (value !== rankIndex(model)) {
		rows.sort((a, b) => VERDICT_ORDER.indexOf(a.judgement.verdict) - VERDICT_ORDER.indexOf(b.judgement.verdict) || b.growth[value]! - a.growth[value]! || byKey(a, b));
	}
	// Goroutines in three levels: proven leaked by the runtime, then the trend's verdicts.
	const proof = app.ui.pane === 'heap' ? undefined : model.leakProof;
	if (proof && proof.total > 0) {
		const proven = (row: Row) => ((proof.byKey.get(row.key) ?? 0) > 0 ? 0 : 1);
		rows.sort((a, b) => proven(a) - proven(b));
	}
	return rows;
}

function rankIndex(model: Model): number {
	const inuse = model.heap.sampleTypes.findIndex((vt) => vt.type === 'inuse_space');
	return inuse >= 0 ? inuse : model.heap.defaultIndex;
}

function countIndex(app: App, model: Model, value: number): number {
	const unit = model.heap.sampleTypes[value]?.unit;
	if (unit === 'count') return value;
	const companion = companionIndex(model, value);
	return companion >= 0 ? companion : value;
}

function byKey(a: Row, b: Row): number {
	return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** What `/` searches: every name a row shows, its file and its stack. */
function searchText(row: Row): string {
	const info = row.info;
	if (isGroup(info)) return `${info.name.function} ${info.entry.function} ${info.name.file} ${info.stack.map((f) => f.function).join(' ')}`;
	return `${info.name} ${info.file}`;
}

/** Where the selection is in a (re-ordered) list: by key while it is still there, else by position. */
export function selectedPosition(ui: {selectedKey: string | undefined; selectedIndex: number}, keys: readonly string[]): number {
	if (ui.selectedKey !== undefined) {
		const found = keys.indexOf(ui.selectedKey);
		if (found >= 0) return found;
	}
	return Math.max(0, Math.min(keys.length - 1, ui.selectedIndex));
}

export function dashboardLayout(app: App, model: Model | undefined): Layout {
	const wanted = model ? visibleRows(app, model).length : 0;
	return layout(app.size, wanted, app.ui.detail || app.ui.help);
}

/** A plot's window (its width gives its columns): every plot covers the same span. */
export function plotWindowOf(app: App, target: Target, width: number): PlotWindow {
	const series = target.model.series;
	const firstTime = series.heapInuse.firstTime ?? series.goroutines.firstTime ?? series.heapLive.firstTime;
	return plotWindow(app.ui.zoom, firstTime, plotEnd(app, target.model), dataColumns(width), target.intervalMs);
}

/** The memory plot's window: one step of the scrub cursor is one of its columns. */
export function memoryWindow(app: App, target: Target): PlotWindow {
	return plotWindowOf(app, target, dashboardLayout(app, target.model).plots[0]!.width);
}
