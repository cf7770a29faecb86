import {parseStyledLine, styleChange, type Cells} from './styled-line.js';

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
	onScreen = writer.parsed;
	return writer.finish();
}

// The rows parsed by the last update, by text: the frame on screen is usually the
// one the last update drew, so its changed rows need not be parsed a second time.
let onScreen = new Map<string, Cells>();

class UpdateWriter {
	private out = '';
	/** The terminal's current style: every paint and update leaves it at the default. */
	private style = '';

	/** The rows this update parsed: the next one starts from them. */
	readonly parsed = new Map<string, Cells>();

	row(row: number, before: string, after: string): void {
		const old = onScreen.get(before) ?? parseStyledLine(before);
		const now = parseStyledLine(after);
		this.parsed.set(after, now);
		if (!old.simple || !now.simple) {
			this.out += `${moveTo(row, 0)}\u001b[0m\u001b[2K${after}\u001b[0m`;
			this.style = '';
			return;
		}
		const oldLength = old.chars.length;
		const newLength = now.chars.length;
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

	private run(row: number, start: number, end: number, now: Cells, oldLength: number): void {
		this.out += moveTo(row, start);
		const drawn = Math.min(end, now.chars.length);
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
function cellDiffers(old: Cells, now: Cells, column: number): boolean {
	return (now.chars[column] ?? ' ') !== (old.chars[column] ?? ' ') || (now.styles[column] ?? '') !== (old.styles[column] ?? '');
}

function moveTo(row: number, column: number): string {
	return column === 0 ? `\u001b[${row + 1}H` : `\u001b[${row + 1};${column + 1}H`;
}
