/**
 * @module The key help, as `?` shows it on the dashboard and on the lists:
 * each key with what it does, the text wrapped under itself so that nothing
 * is cut at 80 columns, and a window onto it when it is longer than the screen.
 */
import type {KeyHelp} from '../app/keys.js';
import {fitLine, span, type Line} from './style.js';
import {columns, fit} from './text.js';

/** Two spaces, 16 columns of label, one space. */
const LABEL_COLUMNS = 19;

/** A label in bold and its text wrapped beside it. */
export function labelled(label: string, text: string, width: number): Line[] {
	return wrap(text, width - LABEL_COLUMNS).map((part, i) => [span(i === 0 ? `  ${fit(label, 16)} ` : ' '.repeat(LABEL_COLUMNS), {bold: true}), span(part)]);
}

export function keyLines(keys: readonly KeyHelp[], width: number): Line[] {
	return keys.flatMap(({keys: label, does}) => labelled(label, does, width));
}

/** How many help lines `rows` rows show under the title. */
export function helpRoom(rows: number): number {
	return Math.max(1, rows - 1);
}

/** `rows` lines of the help from `scroll` on (clamped), under a title that says how to scroll when it must. */
export function helpWindow(body: readonly Line[], width: number, rows: number, scroll: number): Line[] {
	const room = helpRoom(rows);
	const top = Math.min(Math.max(0, scroll), Math.max(0, body.length - room));
	const more = body.length > room ? ` · j / k scroll (${top + 1}-${Math.min(body.length, top + room)} of ${body.length})` : '';
	return [fitLine([span(`Keys · esc or ? closes${more}`, {inverse: true})], width, {inverse: true}), ...body.slice(top, top + room)];
}

/** Words into lines of at most `width` columns (a word longer than that is cut when drawn). */
function wrap(text: string, width: number): string[] {
	if (width < 20) return [text];
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && columns(line) + 1 + columns(word) > width) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	lines.push(line);
	return lines;
}
