import {parseStyledLineInto, styleChange, type CellRow} from './styled-line.js';

/**
 * What to send a terminal so that a screen showing one frame shows the next:
 * only the cells that changed, each run of them after an absolute cursor move.
 * Frames are rows of text with SGR codes (what Ink renders), drawn from the
 * top-left corner of the (alternate) screen.
 *
 * Ink 6's incremental renderer rewrites every line that changed, whole; the
 * dashboard's plots sit side by side, so one new point touches a few cells in
 * many rows, and whole-line rewrites cost half a full repaint. Cell by cell it
 * is a fraction of that. Rows holding characters whose width terminals may
 * disagree on (wide, combining) or escapes other than SGR are rewritten whole.
 */

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
	const writer = new UpdateWriter();
	const count = Math.max(previous.length, next.length);
	for (let row = 0; row < count; row++) {
		const before = previous[row] ?? '';
		const after = next[row] ?? '';
		if (before !== after) writer.row(row, before, after);
	}
	return writer.finish();
}

/**
 * Each screen row's cells as the last update that changed it left them, with
 * that row's text, and a spare row to parse the next text into: the two swap
 * after each row is written. The frame on screen is nearly always the one the
 * last update drew, so a changed row is parsed once, and into arrays that are
 * reused for as long as the dashboard runs instead of new ones every refresh.
 */
const screen: Array<{text: string; cells: CellRow}> = [];
let spare = emptyRow();

function emptyRow(): CellRow {
	return {chars: [], styles: [], length: 0, simple: true};
}

/** Screen row `row`, its cells made to show `before` (parsed only when the last update left something else). */
function shownRow(row: number, before: string): {text: string; cells: CellRow} {
	screen[row] ??= {text: '', cells: emptyRow()};
	const shown = screen[row];
	if (shown.text !== before) {
		parseStyledLineInto(before, shown.cells);
		shown.text = before;
	}
	return shown;
}

class UpdateWriter {
	private out = '';
	/** The terminal's current style: every paint and update leaves it at the default. */
	private style = '';

	row(row: number, before: string, after: string): void {
		const shown = shownRow(row, before);
		const old = shown.cells;
		const now = spare;
		parseStyledLineInto(after, now);
		// `now` becomes what is on screen in this row; the old cells are the next spare.
		shown.text = after;
		shown.cells = now;
		spare = old;
		if (!old.simple || !now.simple) {
			this.out += `${moveTo(row, 0)}\u001b[0m\u001b[2K${after}\u001b[0m`;
			this.style = '';
			return;
		}
		const oldLength = old.length;
		const newLength = now.length;
		const length = Math.max(oldLength, newLength);
		for (let column = 0; column < length; ) {
			if (!cellDiffers(old, now, column)) {
				column++;
				continue;
			}
			// A run of changes, carried over short stretches of unchanged cells.
			const start = column;
			let end = column + 1;
			for (let probe = end; probe < length && probe - end <= MAX_GAP; probe++) {
				if (cellDiffers(old, now, probe)) end = probe + 1;
			}
			this.run(row, start, end, now, oldLength);
			column = end;
		}
	}

	private run(row: number, start: number, end: number, now: CellRow, oldLength: number): void {
		this.out += moveTo(row, start);
		const drawn = Math.min(end, now.length);
		for (let column = start; column < drawn; column++) {
			this.setStyle(now.styles[column]!);
			this.out += now.chars[column];
		}
		if (end > drawn) {
			// The row got shorter: blank what the old one had there.
			this.setStyle('');
			this.out += end >= oldLength ? '\u001b[K' : ' '.repeat(end - drawn);
		}
	}

	private setStyle(style: string): void {
		this.out += styleChange(this.style, style);
		this.style = style;
	}

	finish(): string {
		this.setStyle('');
		return this.out;
	}
}

/** A column past a row's end is a blank in the default style. */
function cellDiffers(old: CellRow, now: CellRow, column: number): boolean {
	const nowChar = column < now.length ? now.chars[column] : ' ';
	const oldChar = column < old.length ? old.chars[column] : ' ';
	const nowStyle = column < now.length ? now.styles[column] : '';
	const oldStyle = column < old.length ? old.styles[column] : '';
	return nowChar !== oldChar || nowStyle !== oldStyle;
}

function moveTo(row: number, column: number): string {
	return column === 0 ? `\u001b[${row + 1}H` : `\u001b[${row + 1};${column + 1}H`;
}
