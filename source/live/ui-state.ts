import {SORT_ORDERS, type SortOrder} from '../model/ranking.js';
import type {PaneKind} from './dashboard-data.js';

/**
 * Everything about the dashboard that is the user's doing rather than the
 * target's: which pane, which row, paused or live, sort, filter. Changed only
 * by `uiReducer`, so every key is testable without a terminal.
 */
export interface UiState {
	readonly pane: PaneKind;
	/** The drill-down of the selected row is open. */
	readonly detail: boolean;
	readonly help: boolean;
	/** Selection follows the thing, not the position: the list reorders under it. */
	readonly selectedKey: string | undefined;
	readonly selectedIndex: number;
	readonly detailScroll: number;
	readonly sort: SortOrder;
	/** Heap sample type index; undefined = the profile's default (inuse_space). */
	readonly sampleIndex: number | undefined;
	readonly filter: string;
	/** The filter being typed after `/`; undefined when not editing. */
	readonly filterDraft: string | undefined;
	readonly paused: boolean;
	/** Which plot the cycling slot shows (`v`). */
	readonly extra: number;
	/** `g` pressed once: the next `g` forces a GC on the target. */
	readonly gcArmed: boolean;
	/** Paused and scrubbing: how many polls back from the newest the cursor is. */
	readonly cursor: number | undefined;
}

export const INITIAL_UI: UiState = {
	pane: 'heap',
	detail: false,
	help: false,
	selectedKey: undefined,
	selectedIndex: 0,
	detailScroll: 0,
	sort: 'growth',
	sampleIndex: undefined,
	filter: '',
	filterDraft: undefined,
	paused: false,
	extra: 0,
	gcArmed: false,
	cursor: undefined,
};

export type UiAction =
	| {type: 'move-to'; index: number; keys: readonly string[]}
	| {type: 'scroll-detail'; by: number}
	| {type: 'open'; key: string | undefined}
	| {type: 'back'}
	| {type: 'switch-pane'}
	| {type: 'cycle-sort'}
	| {type: 'cycle-sample'; count: number; current: number}
	| {type: 'filter-start'}
	| {type: 'filter-edit'; text: string}
	| {type: 'filter-commit'}
	| {type: 'filter-cancel'}
	| {type: 'toggle-help'}
	| {type: 'pause'; paused: boolean}
	| {type: 'cycle-plot'}
	| {type: 'scrub'; by: number; max: number}
	| {type: 'arm-gc'; armed: boolean};

export function uiReducer(state: UiState, action: UiAction): UiState {
	switch (action.type) {
		case 'move-to':
			return select(state, action.index, action.keys);
		case 'scroll-detail':
			return {...state, detailScroll: Math.max(0, state.detailScroll + action.by)};
		case 'open':
			return action.key === undefined ? state : {...state, selectedKey: action.key, detail: true, detailScroll: 0};
		case 'back':
			if (state.help) return {...state, help: false};
			if (state.detail) return {...state, detail: false};
			if (state.filter) return {...state, filter: '', selectedIndex: 0, selectedKey: undefined};
			return state;
		case 'switch-pane':
			return {...state, pane: state.pane === 'heap' ? 'goroutines' : 'heap', detail: false, selectedIndex: 0, selectedKey: undefined, detailScroll: 0};
		case 'cycle-sort':
			return {...state, sort: SORT_ORDERS[(SORT_ORDERS.indexOf(state.sort) + 1) % SORT_ORDERS.length]!, selectedIndex: 0, selectedKey: undefined};
		case 'cycle-sample':
			return action.count > 0 ? {...state, sampleIndex: (action.current + 1) % action.count} : state;
		case 'filter-start':
			return {...state, filterDraft: state.filter};
		case 'filter-edit':
			return {...state, filterDraft: action.text};
		case 'filter-commit':
			return {...state, filter: (state.filterDraft ?? '').trim(), filterDraft: undefined, selectedIndex: 0, selectedKey: undefined, detail: false};
		case 'filter-cancel':
			return {...state, filterDraft: undefined};
		case 'toggle-help':
			return {...state, help: !state.help};
		case 'pause':
			return {...state, paused: action.paused, cursor: undefined};
		case 'scrub':
			return state.paused ? {...state, cursor: Math.max(0, Math.min(action.max, (state.cursor ?? 0) + action.by))} : state;
		case 'cycle-plot':
			return {...state, extra: state.extra + 1};
		case 'arm-gc':
			return {...state, gcArmed: action.armed};
	}
}

function select(state: UiState, index: number, keys: readonly string[]): UiState {
	if (keys.length === 0) return {...state, selectedIndex: 0, selectedKey: undefined};
	const clamped = Math.max(0, Math.min(keys.length - 1, index));
	return {...state, selectedIndex: clamped, selectedKey: keys[clamped], detailScroll: 0};
}

/** Where the selection is in a (re-ordered) list: by key when it is still there, else by position. */
export function selectedPosition(state: UiState, keys: readonly string[]): number {
	if (state.selectedKey !== undefined) {
		const found = keys.indexOf(state.selectedKey);
		if (found >= 0) return found;
	}
	return Math.max(0, Math.min(keys.length - 1, state.selectedIndex));
}
