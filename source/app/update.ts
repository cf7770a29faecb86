/**
 * @module The app's one update function: `update(app, msg) → {app, commands}`
 * for keys, model events, resizes, ticks and the results of commands. Every
 * change of what the screen shows goes through here; side effects (quit,
 * snapshot, forced GC, decoding stacks, asking Prometheus, opening a target)
 * are returned as commands for the driver to carry out.
 *
 * Model events mutate the target's model in place (its series are rings,
 * not copied per poll); everything else is a new app value.
 */
import {activeAlarms} from '../model/alarms.js';
import {apply, newestTime, type ModelEvent} from '../model/model.js';
import {helpScrollMax} from '../view/dashboard.js';
import {detailScrollMax} from '../view/detail.js';
import {fleetRows} from '../view/fleet.js';
import {targetRows} from '../view/targets.js';
import {moved, moveOf, typedText} from './keys.js';
import {currentTarget, dashboardLayout, memoryWindow, selectedPosition, valueIndex, visibleRows} from './selectors.js';
import {INITIAL_UI, SORT_ORDERS, ZOOMS, type App, type Command, type DashboardUi, type Key, type ListUi, type Msg, type Target} from './state.js';

export interface Update {
	readonly app: App;
	readonly commands: readonly Command[];
}

const none = (app: App): Update => ({app, commands: []});

export function update(app: App, msg: Msg): Update {
	switch (msg.type) {
		case 'key':
			return onKey(app, msg.input, msg.key);
		case 'model':
			return onModelEvent(app, msg.target, msg.event);
		case 'resize':
			return none({...app, size: msg.size});
		case 'tick':
			return none({...app, now: msg.now});
		case 'stacks': {
			const stacks = app.ui.stacks;
			if (!stacks || stacks.target !== msg.target || stacks.key !== msg.key) return none(app);
			const next = msg.result ? {...stacks, status: 'ready' as const, result: msg.result} : {...stacks, status: 'failed' as const, error: msg.error};
			return none(withUi(app, {stacks: next}));
		}
		case 'fleet': {
			if (!app.fleet) return none(app);
			const fleet = msg.snapshot
				? {...app.fleet, snapshot: msg.snapshot, error: undefined, updatedAt: msg.now}
				: {...app.fleet, error: msg.error};
			return none({...app, fleet, now: msg.now});
		}
		case 'target-added':
			return none({...app, targets: [...app.targets, msg.target], screen: {kind: 'dashboard', target: msg.target.id}, ui: INITIAL_UI});
	}
}

/** Applies a model event, then rings each alarm once per baseline when it is crossed. */
function onModelEvent(app: App, id: number, event: ModelEvent): Update {
	const target = app.targets.find((t) => t.id === id);
	if (!target) return none(app);
	apply(target.model, event);
	const commands: Command[] = [];
	let next: Target = target;
	if (target.alerts.heap || target.alerts.goroutines) {
		const alarms = activeAlarms(target.model, target.alerts);
		const since = target.model.baselineTime;
		let rung = since === target.rungSince ? target.rung : [];
		for (const alarm of alarms) {
			if (rung.includes(alarm.name)) continue;
			rung = [...rung, alarm.name];
			commands.push({type: 'bell'});
			apply(target.model, {type: 'note', time: event.time, text: `ALERT: ${alarm.text}`, level: 'error'});
		}
		next = {...target, alarms: alarms.map((alarm) => alarm.name), rung, rungSince: since};
	}
	return {app: {...app, now: Math.max(app.now, event.time), targets: app.targets.map((t) => (t.id === id ? next : t))}, commands};
}

function withUi(app: App, change: Partial<DashboardUi>): App {
	return {...app, ui: {...app.ui, ...change}};
}

function onKey(app: App, input: string, key: Key): Update {
	if (key.ctrl && input === 'c') return {app, commands: [{type: 'quit'}]};
	if (key.ctrl && input === 'l') return {app, commands: [{type: 'repaint'}]};
	if (app.screen.kind === 'dashboard') return dashboardKey(app, input, key);
	return listKey(app, input, key);
}

function dashboardKey(app: App, input: string, key: Key): Update {
	const target = currentTarget(app);
	if (!target) return none(app);
	const ui = app.ui;
	const model = target.model;

	if (ui.filterDraft !== undefined) {
		if (key.return) return none(withUi(app, {filter: ui.filterDraft.trim(), filterDraft: undefined, selectedIndex: 0, selectedKey: undefined, detail: false}));
		if (key.escape) return none(withUi(app, {filterDraft: undefined}));
		if (key.backspace || key.delete) return none(withUi(app, {filterDraft: ui.filterDraft.slice(0, -1)}));
		const text = typedText(input, key);
		return text ? none(withUi(app, {filterDraft: ui.filterDraft + text})) : none(app);
	}

	// `g` arms a forced GC; any other key disarms it.
	if (ui.gcArmed && input !== 'g') app = withUi(app, {gcArmed: false});
	const live = app.ui;
	const readOnly = app.readOnly || target.mode === 'replay';

	if (input === 'q') return {app, commands: [{type: 'quit'}]};
	if (input === '?') return none(withUi(app, {help: !live.help, helpScroll: 0}));
	if (key.escape) return back(app, target);
	if (input === ' ' || input === 'p') {
		const pausedAt = live.pausedAt === undefined ? (newestTime(model) ?? app.now) : undefined;
		return none(withUi(app, {pausedAt, cursor: undefined}));
	}
	if (key.leftArrow || input === 'h' || key.rightArrow || input === 'l') return none(scrub(app, target, key.leftArrow || input === 'h' ? -1 : 1));
	if (input === 'z' || input === '+' || input === 'Z' || input === '-') {
		const by = input === 'z' || input === '+' ? 1 : -1;
		return none(withUi(app, {zoom: ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, ZOOMS.indexOf(live.zoom) + by))]!}));
	}
	if (input === 'v') return none(withUi(app, {extra: live.extra + 1}));
	if (input === 'b') {
		if (readOnly) return none(app);
		apply(model, {type: 'mark-baseline', time: app.now});
		return none({...app, targets: app.targets.map((t) => (t.id === target.id ? {...t, rung: [], rungSince: model.baselineTime} : t))});
	}
	if (input === 's') return readOnly ? none(app) : {app, commands: [{type: 'snapshot', target: target.id}]};
	if (input === 'g') {
		if (readOnly) return none(app);
		return live.gcArmed ? {app: withUi(app, {gcArmed: false}), commands: [{type: 'force-gc', target: target.id}]} : none(withUi(app, {gcArmed: true}));
	}
	const move = moveOf(input, key);
	if (live.help) {
		const by = move === 'down' ? 1 : move === 'up' ? -1 : move === 'page-down' ? 10 : move === 'page-up' ? -10 : 0;
		return none(by === 0 ? app : withUi(app, {helpScroll: Math.max(0, Math.min(helpScrollMax(app, target), live.helpScroll + by))}));
	}

	const rows = visibleRows(app, model);
	const keys = rows.map((row) => row.key);
	const layout = dashboardLayout(app, model);
	const page = Math.max(1, layout.listRows - 1);
	if (live.detail) {
		if (move === 'down' || move === 'up' || move === 'page-down' || move === 'page-up') {
			const by = {down: 1, up: -1, 'page-down': page, 'page-up': -page}[move];
			return none(withUi(app, {detailScroll: Math.max(0, Math.min(detailScrollMax(app, target, layout.bodyRows), live.detailScroll + by))}));
		}
		if (key.tab) return none(switchPane(app));
		if (input === 'i') return none(cycleSample(app, target));
		return none(app);
	}
	if (move) {
		const index = moved(move, selectedPosition(live, keys), keys.length, page);
		return none(withUi(app, {selectedIndex: index, selectedKey: keys[index], detailScroll: 0}));
	}
	if (key.return) {
		const selected = keys[selectedPosition(live, keys)];
		if (selected === undefined) return none(app);
		const opened = withUi(app, {selectedKey: selected, detail: true, detailScroll: 0, stacks: undefined});
		if (live.pane !== 'heap' || !model.heap.latest) return none(opened);
		const valueType = model.heap.sampleTypes[valueIndex(app, model)]?.type ?? 'inuse_space';
		return {
			app: withUi(opened, {stacks: {target: target.id, key: selected, status: 'loading'}}),
			commands: [{type: 'decode-stacks', target: target.id, key: selected, valueType}],
		};
	}
	if (key.tab) return none(switchPane(app));
	if (input === 'o') return none(withUi(app, {sort: SORT_ORDERS[(SORT_ORDERS.indexOf(live.sort) + 1) % SORT_ORDERS.length]!, selectedIndex: 0, selectedKey: undefined}));
	if (input === 'i') return none(cycleSample(app, target));
	if (input === '/') return none(withUi(app, {filterDraft: live.filter}));
	return none(app);
}

function back(app: App, target: Target): Update {
	const ui = app.ui;
	if (ui.help) return none(withUi(app, {help: false}));
	if (ui.detail) return none(withUi(app, {detail: false, stacks: undefined}));
	if (ui.filter) return none(withUi(app, {filter: '', selectedIndex: 0, selectedKey: undefined}));
	if (!app.home) return none(app);
	const commands: Command[] = app.home.kind === 'fleet' ? [{type: 'close-target', target: target.id}] : [];
	const targets = app.home.kind === 'fleet' ? app.targets.filter((t) => t.id !== target.id) : app.targets;
	return {app: {...app, targets, screen: app.home, ui: INITIAL_UI}, commands};
}

/** Moves the time cursor one column of the memory plot (pausing first when live). */
function scrub(app: App, target: Target, direction: -1 | 1): App {
	const model = target.model;
	const paused = app.ui.pausedAt === undefined ? withUi(app, {pausedAt: newestTime(model) ?? app.now, cursor: undefined}) : app;
	if (app.ui.pausedAt === undefined && direction > 0) return paused;
	const {step} = memoryWindow(paused, target);
	const pausedAt = paused.ui.pausedAt!;
	const first = Math.min(model.series.heapInuse.firstTime ?? pausedAt, model.series.goroutines.firstTime ?? pausedAt, model.firstGoodTime ?? pausedAt);
	const next = (paused.ui.cursor ?? pausedAt) + direction * step;
	return withUi(paused, {cursor: next >= pausedAt ? undefined : Math.max(first, next)});
}

function switchPane(app: App): App {
	return withUi(app, {pane: app.ui.pane === 'heap' ? 'goroutines' : 'heap', detail: false, selectedIndex: 0, selectedKey: undefined, detailScroll: 0, stacks: undefined});
}

function cycleSample(app: App, target: Target): App {
	const count = target.model.heap.sampleTypes.length;
	if (app.ui.pane !== 'heap' || count < 2) return app;
	return withUi(app, {sampleIndex: (valueIndex(app, target.model) + 1) % count});
}

/** Keys of a list screen: the targets, or the fleet. */
function listKey(app: App, input: string, key: Key): Update {
	const list = app.list;
	const withList = (change: Partial<ListUi>): App => ({...app, list: {...list, ...change}});
	if (list.filterDraft !== undefined) {
		if (key.return) return none(withList({filter: list.filterDraft.trim(), filterDraft: undefined, selectedIndex: 0, selectedKey: undefined}));
		if (key.escape) return none(withList({filterDraft: undefined}));
		if (key.backspace || key.delete) return none(withList({filterDraft: list.filterDraft.slice(0, -1)}));
		const text = typedText(input, key);
		return text ? none(withList({filterDraft: list.filterDraft + text})) : none(app);
	}
	if (input === 'q') return {app, commands: [{type: 'quit'}]};
	if (input === '?') return none(withList({help: !list.help}));
	if (key.escape) return none(list.help ? withList({help: false}) : withList({filter: '', selectedIndex: 0, selectedKey: undefined}));
	if (input === '/') return none(withList({filterDraft: list.filter}));
	const rows = app.screen.kind === 'fleet' ? fleetRows(app) : targetRows(app);
	const keys = rows.map((row) => row.key);
	const page = Math.max(1, app.size.rows - 6);
	const move = moveOf(input, key);
	if (move) {
		const index = moved(move, selectedPosition(list, keys), keys.length, page);
		return none(withList({selectedIndex: index, selectedKey: keys[index]}));
	}
	if (key.return) {
		const row = rows[selectedPosition(list, keys)];
		if (!row) return none(app);
		if (app.screen.kind === 'fleet') return {app: withList({selectedKey: row.key}), commands: [{type: 'open-instance', instance: (row as ReturnType<typeof fleetRows>[number]).instance}]};
		const id = (row as ReturnType<typeof targetRows>[number]).target.id;
		return none({...withList({selectedKey: row.key}), screen: {kind: 'dashboard', target: id}, ui: INITIAL_UI});
	}
	return none(app);
}

