/**
 * @module The dashboard screen of one target: header (what, where, live or
 * paused, the command line or the last failure), the plots, the list (or the
 * drill-down, or help), and the status line. Pure: the same state gives the
 * same lines.
 */
import {dashboardLayout, plotWindowOf, viewTime} from '../app/selectors.js';
import type {App, Target} from '../app/state.js';
import {DASHBOARD_KEYS} from '../app/keys.js';
import {newestTime} from '../model/model.js';
import type {Verdict} from '../model/verdict.js';
import {detailView} from './detail.js';
import {helpRoom, helpWindow, keyLines, labelled} from './help.js';
import {VERDICT_GLYPH, VERDICT_TEXT, listView} from './list.js';
import {plotRows} from './plots.js';
import {fitLine, span, type Line, type Style} from './style.js';
import {columns, fit} from './text.js';
import {formatDuration} from './units.js';

export function dashboardScreen(app: App, target: Target): Line[] {
	const model = target.model;
	const width = app.size.columns;
	const layout = dashboardLayout(app, model);
	const lines: Line[] = [...header(app, target)];
	if (app.ui.help) {
		const help = helpView(app, target, layout.innerRows);
		for (let i = 0; i < layout.innerRows; i++) lines.push(help[i] ?? [span('')]);
		lines.push(statusLine(app, target));
		return lines.slice(0, layout.frameRows).map((line) => fitLine(line, width));
	}
	lines.push(
		...plotRows(
			{
				model,
				window: (plotWidth) => plotWindowOf(app, target, plotWidth),
				at: viewTime(app.ui),
				cursor: app.ui.cursor,
				paused: app.ui.pausedAt !== undefined,
				zoom: app.ui.zoom,
				alarms: target.alarms,
				extra: app.ui.extra,
				chartHeight: layout.chartHeight,
				legendRows: layout.legendRows,
				color: true,
			},
			layout.plots,
		),
	);
	const room = layout.bodyRows;
	const body = app.ui.detail ? detailView(app, target, room) : listView(app, target, room - 2);
	for (let i = 0; i < room; i++) lines.push(body[i] ?? [span('')]);
	lines.push(statusLine(app, target));
	return lines.slice(0, layout.frameRows).map((line) => fitLine(line, width));
}

function header(app: App, target: Target): Line[] {
	const {model} = target;
	const width = app.size.columns;
	const via = {expvar: ' · expvar', metrics: ' · via /metrics', none: ' · no expvar or /metrics: heap from profiles'}[model.source ?? 'expvar'];
	const left = `leakwatch  ${target.display}${via}`;
	let right: string;
	let rightStyle: Style = {fg: 'green'};
	if (target.mode === 'replay') {
		const newest = newestTime(model);
		right = `REPLAY of ${newest ? new Date(newest).toISOString().slice(0, 19).replace('T', ' ') : '—'} (read-only)`;
	} else if (app.ui.pausedAt !== undefined) {
		const at = viewTime(app.ui)!;
		const behind = Math.max(0, (newestTime(model) ?? at) - at);
		right = `PAUSED at ${clock(at)}  ${formatDuration(behind)} behind live · ←/→ scrub · space live`;
		rightStyle = {fg: 'yellow'};
	} else {
		right = model.lastGoodTime ? `LIVE  polled ${formatDuration(Math.max(1000, app.now - model.lastGoodTime)).replace(/^1s$/, '1s')} ago` : 'LIVE  waiting for the first poll';
	}
	const rightWidth = Math.min(columns(right), Math.max(10, width - 20));
	const failure = Object.entries(model.failures).sort((a, b) => b[1]!.time - a[1]!.time)[0];
	const second: Line = failure
		? [span(`${SOURCE_NAMES[failure[0]] ?? failure[0]} failed ${formatDuration(Math.max(0, app.now - failure[1]!.time))} ago, retrying: ${failure[1]!.message}`, {fg: 'red'})]
		: [span(model.cmdline ? `cmd: ${model.cmdline}` : 'cmd: (not known: the target serves no expvar, and it is not on this host)', {dim: true})];
	return [
		[span(fit(left, width - rightWidth - 1), {bold: true}), span(' '), span(fit(right, rightWidth), app.ui.pausedAt !== undefined ? {inverse: true} : rightStyle)],
		second,
	];
}

const SOURCE_NAMES: Record<string, string> = {vars: '/debug/vars', index: 'pprof index', heap: 'heap profile', goroutine: 'goroutine profile'};

/** How long a note stays in the status line. */
const NOTE_MS = {info: 15_000, warn: 60_000, error: 60_000};

function statusLine(app: App, target: Target): Line {
	const width = app.size.columns;
	const ui = app.ui;
	if (ui.filterDraft !== undefined) return [span(`/ ${ui.filterDraft}█  (enter apply · esc cancel)`)];
	if (ui.gcArmed) return [span('press g again to force a GC on the target (gc=1 costs it a full collection); any other key cancels', {fg: 'yellow', bold: true})];
	const note = target.model.note;
	const fresh = note && app.now - note.time < NOTE_MS[note.level] ? note : undefined;
	const hints =
		target.mode === 'replay'
			? 'q quit · ↵ drill · tab pane · ←/→ scrub · z zoom · / filter · ? help'
			: `q quit · space pause · ←/→ scrub · z zoom · ↵ drill · tab pane · s snapshot · ? help${app.home ? ' · esc list' : ''}`;
	const noteWidth = fresh ? Math.min(columns(fresh.text) + 1, Math.max(0, width - 30)) : 0;
	const style = fresh ? {fg: fresh.level === 'info' ? ('green' as const) : fresh.level === 'warn' ? ('yellow' as const) : ('red' as const), bold: fresh.level !== 'info'} : undefined;
	return [span(fit(hints, width - noteWidth), {dim: true}), ...(fresh ? [span(` ${fit(fresh.text, noteWidth - 1)}`, style)] : [])];
}

function helpView(app: App, target: Target, rows: number): Line[] {
	return helpWindow(helpBody(app, target), app.size.columns, rows, app.ui.helpScroll);
}

/** The first help line that can be on top: update() keeps the scroll within it. */
export function helpScrollMax(app: App, target: Target): number {
	return Math.max(0, helpBody(app, target).length - helpRoom(dashboardLayout(app, target.model).innerRows));
}

function helpBody(app: App, target: Target): Line[] {
	const width = app.size.columns;
	const body: Line[] = keyLines(DASHBOARD_KEYS, width);
	body.push([span('')]);
	body.push([span('  Verdicts (the same in check, the list, replay and alarms):', {bold: true})]);
	const explain: Record<Verdict, string> = {
		leaking: 'rising, significantly above its noise, and still rising at the end',
		filled: 'grew, then stopped: a cache or pool at its cap, a warm-up that ended',
		'too few samples': 'the sampling cannot tell yet: run longer, or sample more (runtime.MemProfileRate)',
		churning: 'moves up and down, keeps nothing',
		flat: 'no trend above its noise',
		shrinking: 'falling steadily',
	};
	for (const [verdict, text] of Object.entries(explain) as Array<[Verdict, string]>) body.push(...labelled(`${VERDICT_GLYPH[verdict]} ${VERDICT_TEXT[verdict]}`, text, width));
	if (target.mode === 'replay') body.push([span('  Replay is read-only: b, s and g g do nothing.')]);
	else body.push([span(`  Snapshots go to ${app.outDir}.`, {dim: true})]);
	return body;
}

function clock(ms: number): string {
	return new Date(ms).toTimeString().slice(0, 8);
}
