/**
 * @module Every key, in one table: what `?` shows, what the README lists (a
 * test compares them), and what update.ts acts on. Keys people already know
 * from less, htop and k9s.
 */
import type {Key} from './state.js';

export interface KeyHelp {
	/** As shown: "j / k, ↓ / ↑". */
	readonly keys: string;
	readonly does: string;
}

export const DASHBOARD_KEYS: readonly KeyHelp[] = [
	{keys: 'j / k, ↓ / ↑', does: 'move in the list (PgDn / PgUp a page, Home / End the ends)'},
	{keys: 'enter', does: 'drill into the selected site or group: its stacks, its plot, why it is judged so'},
	{keys: 'esc', does: 'back: closes help, the drill-down, then the filter (then the list of targets)'},
	{keys: 'tab', does: 'heap allocation sites ⇄ goroutine groups'},
	{keys: 'space / p', does: 'pause the view (polling goes on); again for live'},
	{keys: '← / →, h / l', does: 'scrub back and forth in time (pauses): header, plots and list follow the cursor'},
	{keys: 'z / Z, + / -', does: 'zoom the plots in and out: whole run, 1h, 15m, 5m, 1m'},
	{keys: 'v', does: 'cycle the second plot: goroutines, GC, threads, open files, --var vars'},
	{keys: 'o', does: 'sort: most alarming verdict first, biggest, fastest-growing object count'},
	{keys: 'i', does: 'heap value shown: inuse_space, inuse_objects, alloc_space, alloc_objects'},
	{keys: '/', does: 'filter by function, file or stack (enter applies, esc cancels)'},
	{keys: 'g g', does: 'fetch a heap profile after a forced GC (asks first: it costs the target a collection)'},
	{keys: 'b', does: 'mark a new baseline: growth counts from now'},
	{keys: 's', does: 'export a snapshot: profiles for go tool pprof, series, report.md'},
	{keys: '?', does: 'this help'},
	{keys: 'ctrl-l', does: 'redraw the screen'},
	{keys: 'q / ctrl-c', does: 'quit and restore the terminal'},
];

export const LIST_KEYS: readonly KeyHelp[] = [
	{keys: 'j / k, ↓ / ↑', does: 'move (PgDn / PgUp a page, Home / End the ends)'},
	{keys: 'enter', does: 'open the live dashboard of the selected one (esc comes back)'},
	{keys: '/', does: 'filter (enter applies, esc cancels)'},
	{keys: 'esc', does: 'clear the filter'},
	{keys: '?', does: 'this help'},
	{keys: 'q / ctrl-c', does: 'quit'},
];

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

export type Move = 'down' | 'up' | 'page-down' | 'page-up' | 'first' | 'last';

/** j/k, arrows, PgDn/PgUp, Home/End: the same everywhere there is a list. */
export function moveOf(input: string, key: Key): Move | undefined {
	if (input === 'j' || key.downArrow) return 'down';
	if (input === 'k' || key.upArrow) return 'up';
	if (key.pageDown) return 'page-down';
	if (key.pageUp) return 'page-up';
	if (key.home) return 'first';
	if (key.end) return 'last';
	return undefined;
}

export function moved(move: Move, from: number, count: number, page: number): number {
	const to = {down: from + 1, up: from - 1, 'page-down': from + page, 'page-up': from - page, first: 0, last: count - 1}[move];
	return Math.max(0, Math.min(count - 1, to));
}

/** Printable text typed into a filter. */
export function typedText(input: string, key: Key): string | undefined {
	return input && !key.ctrl && !/[\u0000-\u001f\u007f]/.test(input) ? input : undefined;
}
