/**
 * @module The app's state and the messages and commands of its one update
 * function (update.ts). Everything the screen shows is a function of this
 * state: the targets' models (changed only by model events), and what the
 * user chose (pane, selection, pause, zoom, filter…).
 */
import type {SiteStacks} from '../decode/site-stacks.js';
import type {FleetInstance, FleetSnapshot} from '../fleet/fleet.js';
import type {AlarmName, AlarmThresholds} from '../model/alarms.js';
import type {Model, ModelEvent} from '../model/model.js';

export interface Size {
	readonly columns: number;
	readonly rows: number;
}

export type Pane = 'heap' | 'goroutines';
/** growth: the most alarming verdict first (the default); inuse: the biggest; objects: the fastest-growing object count. */
export type SortOrder = 'growth' | 'inuse' | 'objects';
export const SORT_ORDERS: readonly SortOrder[] = ['growth', 'inuse', 'objects'];
/** How much time the plots cover: the whole run, or a recent span. */
export type Zoom = 'all' | '1h' | '15m' | '5m' | '1m';
export const ZOOMS: readonly Zoom[] = ['all', '1h', '15m', '5m', '1m'];
export const ZOOM_MS: Record<Exclude<Zoom, 'all'>, number> = {'1h': 3_600_000, '15m': 900_000, '5m': 300_000, '1m': 60_000};

/** A site's stacks, asked of the decode thread when the drill-down opens. */
export interface StacksState {
	readonly target: number;
	readonly key: string;
	readonly status: 'loading' | 'ready' | 'failed';
	readonly result?: SiteStacks;
	readonly error?: string;
}

/** What the user chose on the dashboard. */
export interface DashboardUi {
	readonly pane: Pane;
	readonly detail: boolean;
	readonly help: boolean;
	/** The first help line shown when the help is longer than the screen. */
	readonly helpScroll: number;
	/** The selection follows the thing, not the position: the list reorders under it. */
	readonly selectedKey: string | undefined;
	readonly selectedIndex: number;
	readonly detailScroll: number;
	readonly sort: SortOrder;
	/** Heap sample type index; undefined = inuse_space. */
	readonly sampleIndex: number | undefined;
	readonly filter: string;
	/** The filter being typed after `/`; undefined when not typing. */
	readonly filterDraft: string | undefined;
	/** Paused at this time (the newest data then): the view shows nothing newer. */
	readonly pausedAt: number | undefined;
	/** Scrubbing: the time under the cursor (paused only). */
	readonly cursor: number | undefined;
	readonly zoom: Zoom;
	/** Which plot the cycling slot shows (`v`). */
	readonly extra: number;
	/** `g` pressed once: the next `g` forces a GC on the target. */
	readonly gcArmed: boolean;
	readonly stacks: StacksState | undefined;
}

export const INITIAL_UI: DashboardUi = {
	pane: 'heap',
	detail: false,
	help: false,
	helpScroll: 0,
	selectedKey: undefined,
	selectedIndex: 0,
	detailScroll: 0,
	sort: 'growth',
	sampleIndex: undefined,
	filter: '',
	filterDraft: undefined,
	pausedAt: undefined,
	cursor: undefined,
	zoom: 'all',
	extra: 0,
	gcArmed: false,
	stacks: undefined,
};

/** One watched process. */
export interface Target {
	readonly id: number;
	/** The URL as printed (no credentials). */
	readonly display: string;
	readonly model: Model;
	readonly mode: 'live' | 'replay';
	readonly intervalMs: number;
	readonly alerts: AlarmThresholds;
	/** Alarms crossed now; and those that rang since the baseline (each rings once). */
	readonly alarms: readonly AlarmName[];
	readonly rung: readonly AlarmName[];
	readonly rungSince: number | undefined;
}

/** A list screen of many rows (targets, fleet instances). */
export interface ListUi {
	readonly selectedKey: string | undefined;
	readonly selectedIndex: number;
	readonly filter: string;
	readonly filterDraft: string | undefined;
	readonly help: boolean;
}

export const INITIAL_LIST: ListUi = {selectedKey: undefined, selectedIndex: 0, filter: '', filterDraft: undefined, help: false};

export interface FleetState {
	readonly prometheus: string;
	readonly selector: string;
	readonly windowText: string;
	readonly snapshot: FleetSnapshot | undefined;
	readonly error: string | undefined;
	readonly updatedAt: number | undefined;
}

export type Screen = {readonly kind: 'dashboard'; readonly target: number} | {readonly kind: 'targets'} | {readonly kind: 'fleet'};

export interface App {
	readonly size: Size;
	/** The clock at the last tick or message. */
	readonly now: number;
	readonly targets: readonly Target[];
	/** What Esc comes back to from a dashboard (several targets, the fleet), if anything. */
	readonly home: Screen | undefined;
	readonly screen: Screen;
	readonly ui: DashboardUi;
	readonly list: ListUi;
	readonly fleet: FleetState | undefined;
	/** The keys that act on what is selected do nothing in a replay. */
	readonly readOnly: boolean;
	/** Where snapshots go: said in the help. */
	readonly outDir: string;
}

export interface Key {
	upArrow?: boolean;
	downArrow?: boolean;
	leftArrow?: boolean;
	rightArrow?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
	home?: boolean;
	end?: boolean;
	return?: boolean;
	escape?: boolean;
	tab?: boolean;
	backspace?: boolean;
	delete?: boolean;
	ctrl?: boolean;
	shift?: boolean;
}

export type Msg =
	| {readonly type: 'key'; readonly input: string; readonly key: Key}
	| {readonly type: 'model'; readonly target: number; readonly event: ModelEvent}
	| {readonly type: 'resize'; readonly size: Size}
	| {readonly type: 'tick'; readonly now: number}
	| {readonly type: 'stacks'; readonly target: number; readonly key: string; readonly result?: SiteStacks; readonly error?: string}
	| {readonly type: 'fleet'; readonly snapshot?: FleetSnapshot; readonly error?: string; readonly now: number}
	| {readonly type: 'target-added'; readonly target: Target};

export type Command =
	| {readonly type: 'quit'}
	| {readonly type: 'repaint'}
	| {readonly type: 'bell'}
	| {readonly type: 'snapshot'; readonly target: number}
	| {readonly type: 'force-gc'; readonly target: number}
	| {readonly type: 'decode-stacks'; readonly target: number; readonly key: string; readonly valueType: string}
	| {readonly type: 'fleet-refresh'}
	| {readonly type: 'open-instance'; readonly instance: FleetInstance}
	| {readonly type: 'close-target'; readonly target: number};

export function newTarget(id: number, display: string, model: Model, options: {mode: 'live' | 'replay'; intervalMs: number; alerts?: AlarmThresholds}): Target {
	return {id, display, model, mode: options.mode, intervalMs: options.intervalMs, alerts: options.alerts ?? {}, alarms: [], rung: [], rungSince: undefined};
}
