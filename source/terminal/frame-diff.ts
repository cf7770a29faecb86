/**
 * @module What to send a terminal so that a screen showing one frame shows the
 * next: only the cells that changed, each run of them after an absolute
 * cursor move. Frames are rows of text with SGR codes, drawn from the
 * top-left corner of the (alternate) screen.
 *
 * Plots sit side by side, so one new point touches a few cells in many rows:
 * rewriting changed lines whole (Ink 6's incremental renderer) costs half a
 * full repaint, cell by cell a fraction of that — what matters over SSH. Rows
 * holding characters whose width terminals may disagree on (wide, combining)
 * or escapes other than SGR are rewritten whole.
 */
import {parseCells, styleChange, type Cells} from './cells.js';

/** Unchanged cells shorter than a cursor move are rewritten rather than jumped over. */
const MAX_GAP = 6;

export function fullPaint(rows: readonly string[]): string {
	let out = '\u001b[0m\u001b[H\u001b[2J';
	rows.forEach((row, index) => {
		if (row !== '') out += `${moveTo(index, 0)}${row}\u001b[0m`;
	});
	return out;
}

export function frameUpdate(previous: readonly string[], next: readonly string[]): string {
	let out = '';
	// The terminal's current style: every paint and update leaves it at the default.
	let style = '';
	const setStyle = (to: string) => {
		out += styleChange(style, to);
		style = to;
	};
	const count = Math.max(previous.length, next.length);
	for (let row = 0; row < count; row++) {
		const before = previous[row] ?? '';
		const after = next[row] ?? '';
		if (before === after) continue;
		const old = parseCells(before);
		const now = parseCells(after);
		if (!old.simple || !now.simple) {
			setStyle('');
			out += `${moveTo(row, 0)}\u001b[2K${after}\u001b[0m`;
			continue;
		}
		const length = Math.max(old.chars.length, now.chars.length);
		for (let column = 0; column < length; ) {
			if (!cellDiffers(old, now, column)) {
				column++;
				continue;
			}
			// A run of changes, carried over short stretches of unchanged cells.
			const start = column;
			let end = column + 1;
			for (let probe = end; probe < length && probe - end <= MAX_GAP; probe++) if (cellDiffers(old, now, probe)) end = probe + 1;
			out += moveTo(row, start);
			const drawn = Math.min(end, now.chars.length);
			for (let c = start; c < drawn; c++) {
				setStyle(now.styles[c]!);
				out += now.chars[c];
			}
			if (end > drawn) {
				// The row got shorter: blank what the old one had there.
				setStyle('');
				out += end >= old.chars.length ? '\u001b[K' : ' '.repeat(end - drawn);
			}
			column = end;
		}
	}
	setStyle('');
	return out;
}

/** A column past a row's end is a blank in the default style. */
function cellDiffers(old: Cells, now: Cells, column: number): boolean {
	const nowChar = column < now.chars.length ? now.chars[column] : ' ';
	const oldChar = column < old.chars.length ? old.chars[column] : ' ';
	const nowStyle = column < now.styles.length ? now.styles[column] : '';
	const oldStyle = column < old.styles.length ? old.styles[column] : '';
	return nowChar !== oldChar || nowStyle !== oldStyle;
}

function moveTo(row: number, column: number): string {
	return column === 0 ? `\u001b[${row + 1}H` : `\u001b[${row + 1};${column + 1}H`;
}
