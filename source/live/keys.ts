import type {UiAction, UiState} from './ui-state.js';

/**
 * Keys people already know from less, htop and k9s, mapped to what they do.
 * Pure: the component passes what it knows about the list, gets back either a
 * change of view state or a command for the session.
 */
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
}

export type SessionCommand = 'quit' | 'baseline' | 'snapshot' | 'redraw' | 'force-gc';

export type KeyResult = {ui: UiAction} | {command: SessionCommand} | {ui: UiAction; command: SessionCommand} | undefined;

export interface KeyContext {
	/** Keys of the rows in view order. */
	keys: readonly string[];
	/** Index of the selected row. */
	selected: number;
	/** Rows that fit on one page. */
	page: number;
	/** Polls recorded (how far back scrubbing can go). */
	points: number;
	/** Heap sample types available, and the one shown. */
	sampleCount: number;
	sampleIndex: number;
	readOnly: boolean;
}

export function keyAction(input: string, key: Key, ui: UiState, context: KeyContext): KeyResult {
	if (key.ctrl && input === 'c') return {command: 'quit'};
	if (key.ctrl && input === 'l') return {command: 'redraw'};

	// Typing a filter: every printable key is text.
	if (ui.filterDraft !== undefined) {
		if (key.return) return {ui: {type: 'filter-commit'}};
		if (key.escape) return {ui: {type: 'filter-cancel'}};
		if (key.backspace || key.delete) return {ui: {type: 'filter-edit', text: ui.filterDraft.slice(0, -1)}};
		if (input && !key.ctrl && !/[\u0000-\u001f\u007f]/.test(input)) return {ui: {type: 'filter-edit', text: ui.filterDraft + input}};
		return undefined;
	}

	const {keys} = context;
	if (input === 'q') return {command: 'quit'};
	if (input === '?') return {ui: {type: 'toggle-help'}};
	if (key.escape) return {ui: {type: 'back'}};
	if (input === ' ' || input === 'p') return {ui: {type: 'pause', paused: !ui.paused}};
	if (input === 'b') return context.readOnly ? undefined : {command: 'baseline'};
	if (input === 's') return context.readOnly ? undefined : {command: 'snapshot'};
	if (input === 'g' && !context.readOnly) return ui.gcArmed ? {ui: {type: 'arm-gc', armed: false}, command: 'force-gc'} : {ui: {type: 'arm-gc', armed: true}};
	if (input === 'v') return {ui: {type: 'cycle-plot'}};
	if (ui.help) return undefined;

	// Paused: move a cursor back through the recorded polls.
	if (ui.paused) {
		if (key.leftArrow || input === 'h') return {ui: {type: 'scrub', by: 1, max: context.points - 1}};
		if (key.rightArrow || input === 'l') return {ui: {type: 'scrub', by: -1, max: context.points - 1}};
		if (key.end) return {ui: {type: 'pause', paused: false}};
	}

	if (ui.detail) {
		if (input === 'j' || key.downArrow) return {ui: {type: 'scroll-detail', by: 1}};
		if (input === 'k' || key.upArrow) return {ui: {type: 'scroll-detail', by: -1}};
		if (key.pageDown) return {ui: {type: 'scroll-detail', by: context.page}};
		if (key.pageUp) return {ui: {type: 'scroll-detail', by: -context.page}};
		if (key.tab) return {ui: {type: 'switch-pane'}};
		if (input === 'i' && context.sampleCount > 1) return {ui: {type: 'cycle-sample', count: context.sampleCount, current: context.sampleIndex}};
		return undefined;
	}

	if (input === 'j' || key.downArrow) return {ui: {type: 'move-to', index: context.selected + 1, keys}};
	if (input === 'k' || key.upArrow) return {ui: {type: 'move-to', index: context.selected - 1, keys}};
	if (key.pageDown) return {ui: {type: 'move-to', index: context.selected + context.page, keys}};
	if (key.pageUp) return {ui: {type: 'move-to', index: context.selected - context.page, keys}};
	if (key.home) return {ui: {type: 'move-to', index: 0, keys}};
	if (key.end) return {ui: {type: 'move-to', index: keys.length - 1, keys}};
	if (key.return) return {ui: {type: 'open', key: keys[context.selected]}};
	if (key.tab) return {ui: {type: 'switch-pane'}};
	if (input === 'o') return {ui: {type: 'cycle-sort'}};
	if (input === 'i' && context.sampleCount > 1) return {ui: {type: 'cycle-sample', count: context.sampleCount, current: context.sampleIndex}};
	if (input === '/') return {ui: {type: 'filter-start'}};
	return undefined;
}

/**
 * Ink hands over a run of ordinary characters typed quickly (or pasted) as one
 * input, so "\ts" would be neither Tab nor s. Split it into one key each.
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
	if (input.length <= 1 || key.ctrl || input.startsWith('\u001b')) return [[input, key]];
	return [...input].map((char): [string, Key] => {
		if (char === '\t') return ['', {tab: true}];
		if (char === '\r' || char === '\n') return ['', {return: true}];
		if (char === '\u007f' || char === '\b') return ['', {backspace: true}];
		return [char, {}];
	});
}
