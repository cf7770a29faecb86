/**
 * A line of terminal text with SGR colour codes, split into columns: one
 * character and one style per column. Both ends of the dashboard's drawing
 * use it: the Ink output buffer (ink-output.ts) places lines on a grid of
 * cells, and the frame writer (frame-diff.ts) compares two frames cell by
 * cell to send the terminal only what changed.
 *
 * A style is a canonical SGR parameter string ("1;31" is bold red, "" the
 * default), so two cells look the same exactly when their chars and style
 * strings are equal, however the codes that produced them were written.
 */
export interface Cells {
	/** One entry per column; a wide character's second column is ''. A char may carry zero-width characters after it. */
	readonly chars: string[];
	readonly styles: string[];
	/** Every column is one narrow character with SGR styling only: safe to redraw column by column. */
	readonly simple: boolean;
}

const ESC = 0x1b;

export function parseStyledLine(line: string): Cells {
	const cells: CellRow = {chars: [], styles: [], length: 0, simple: true};
	parseStyledLineInto(line, cells);
	return cells;
}

/** Cells parsed into arrays that are kept and reused: the first `length` columns are this line's. */
export interface CellRow {
	readonly chars: string[];
	readonly styles: string[];
	length: number;
	simple: boolean;
}

/** parseStyledLine into `row`'s arrays, overwriting what they held: nothing allocated for a line of plain cells. */
export function parseStyledLineInto(line: string, row: CellRow): void {
	const {chars, styles} = row;
	let n = 0;
	const sgr = new SgrState();
	let style = '';
	let simple = true;
	// Escapes that are not SGR stick to the next character, so they are written where they stood.
	let pending = '';
	for (let i = 0; i < line.length; ) {
		const code = line.charCodeAt(i);
		if (code === ESC) {
			const end = escapeEnd(line, i);
			const sequence = line.slice(i, end);
			if (sequence.endsWith('m') && sequence.startsWith('\u001b[') && sgr.apply(sequence.slice(2, -1))) {
				style = sgr.key();
			} else {
				pending += sequence;
				simple = false;
			}
			i = end;
			continue;
		}
		const point = line.codePointAt(i)!;
		const char = charOf(point);
		i += char.length;
		const width = charWidth(point);
		if (width !== 1 || code > 0x7e) simple &&= width === 1 && isNarrowSymbol(point);
		if (width === 0 && n > 0) {
			// Combining marks and joiners draw over the column before.
			chars[n - 1] += pending + char;
			pending = '';
			continue;
		}
		chars[n] = pending === '' ? char : pending + char;
		styles[n++] = style;
		pending = '';
		if (width === 2) {
			chars[n] = '';
			styles[n++] = style;
		}
	}
	if (pending) {
		chars[n] = pending;
		styles[n++] = style;
	}
	row.length = n;
	row.simple = simple;
}

/**
 * The SGR sequence that takes the terminal from one style to another: codes
 * that end what `from` has and `to` lacks, then codes that start what is new.
 * Never a reset, so styles set around the text (an Ink transformer wrapping a
 * line in a colour) keep applying to the parts this leaves alone.
 */
export function styleChange(from: string, to: string): string {
	if (from === to) return '';
	const key = `${from}>${to}`;
	let change = changes.get(key);
	if (change === undefined) {
		change = computeChange(styleParts(from), styleParts(to));
		if (changes.size >= 1000) changes.clear();
		changes.set(key, change);
	}
	return change;
}

const changes = new Map<string, string>();
// What ends each flag; bold and dim end together.
const FLAG_END: Record<string, string> = {1: '22', 2: '22', 3: '23', 4: '24', 5: '25', 7: '27', 8: '28', 9: '29', 53: '55'};

function computeChange(from: StyleParts, to: StyleParts): string {
	const codes: string[] = [];
	let intensityEnded = false;
	for (const flag of from.flags) {
		if (to.flags.includes(flag)) continue;
		if (FLAG_END[flag] === '22') intensityEnded = true;
		else codes.push(FLAG_END[flag]!);
	}
	if (intensityEnded) codes.push('22');
	if (from.fg && !to.fg) codes.push('39');
	if (from.bg && !to.bg) codes.push('49');
	for (const flag of to.flags) {
		if (!from.flags.includes(flag) || (intensityEnded && FLAG_END[flag] === '22')) codes.push(flag);
	}
	if (to.fg && to.fg !== from.fg) codes.push(to.fg);
	if (to.bg && to.bg !== from.bg) codes.push(to.bg);
	return `\u001b[${codes.join(';')}m`;
}

interface StyleParts {
	flags: string[];
	fg: string;
	bg: string;
}

/** A style key back into its flags and colours. */
function styleParts(key: string): StyleParts {
	const parts: StyleParts = {flags: [], fg: '', bg: ''};
	const tokens = key === '' ? [] : key.split(';');
	for (let i = 0; i < tokens.length; i++) {
		const token = tokens[i]!;
		const value = Number(token);
		if (token === '38' || token === '48') {
			const take = tokens[i + 1] === '5' ? 2 : 4;
			const colour = tokens.slice(i, i + take + 1).join(';');
			if (token === '38') parts.fg = colour;
			else parts.bg = colour;
			i += take;
		} else if (token.startsWith('38:')) {
			parts.fg = token;
		} else if (token.startsWith('48:')) {
			parts.bg = token;
		} else if ((value >= 30 && value <= 37) || (value >= 90 && value <= 97)) {
			parts.fg = token;
		} else if ((value >= 40 && value <= 47) || (value >= 100 && value <= 107)) {
			parts.bg = token;
		} else {
			parts.flags.push(token);
		}
	}
	return parts;
}

// SGR attributes kept as flags, in the order they appear in a style key.
const FLAG_CODES = [1, 2, 3, 4, 5, 7, 8, 9, 53] as const;
const FLAG_OFF: Record<number, number> = {22: 0b11, 23: 0b100, 24: 0b1000, 25: 0b10000, 27: 0b100000, 28: 0b1000000, 29: 0b10000000, 55: 0b100000000};

class SgrState {
	private flags = 0;
	private fg = '';
	private bg = '';

	/** Applies the parameters of one SGR sequence; false when they are not understood. */
	apply(parameters: string): boolean {
		const list = parameters === '' ? ['0'] : parameters.split(';');
		for (let i = 0; i < list.length; i++) {
			const part = list[i]!;
			if (part.includes(':')) {
				// ISO 8613-6 colour (38:2::r:g:b): keep the whole group as the colour.
				if (part.startsWith('38:')) this.fg = part;
				else if (part.startsWith('48:')) this.bg = part;
				else if (!part.startsWith('4:')) return false; // underline styles
				continue;
			}
			const value = Number(part === '' ? 0 : part);
			if (!Number.isInteger(value)) return false;
			if (value === 0) {
				this.flags = 0;
				this.fg = '';
				this.bg = '';
			} else if (FLAG_CODES.includes(value as (typeof FLAG_CODES)[number])) {
				this.flags |= 1 << FLAG_CODES.indexOf(value as (typeof FLAG_CODES)[number]);
			} else if (FLAG_OFF[value] !== undefined) {
				this.flags &= ~FLAG_OFF[value]!;
			} else if ((value >= 30 && value <= 37) || (value >= 90 && value <= 97)) {
				this.fg = part;
			} else if ((value >= 40 && value <= 47) || (value >= 100 && value <= 107)) {
				this.bg = part;
			} else if (value === 39) {
				this.fg = '';
			} else if (value === 49) {
				this.bg = '';
			} else if (value === 38 || value === 48) {
				const mode = list[i + 1];
				const take = mode === '5' ? 2 : mode === '2' ? 4 : -1;
				if (take < 0 || i + take >= list.length) return false;
				const colour = list.slice(i, i + take + 1).join(';');
				if (value === 38) this.fg = colour;
				else this.bg = colour;
				i += take;
			} else {
				return false;
			}
		}
		return true;
	}

	key(): string {
		let key = '';
		for (let bit = 0; bit < FLAG_CODES.length; bit++) {
			if (this.flags & (1 << bit)) key += (key ? ';' : '') + FLAG_CODES[bit];
		}
		if (this.fg) key += (key ? ';' : '') + this.fg;
		if (this.bg) key += (key ? ';' : '') + this.bg;
		return key;
	}
}

/** Index just past the escape sequence that starts at `start` (CSI, OSC/DCS strings, or a two-byte escape). */
function escapeEnd(line: string, start: number): number {
	const kind = line[start + 1];
	if (kind === '[') {
		for (let i = start + 2; i < line.length; i++) {
			const code = line.charCodeAt(i);
			if (code >= 0x40 && code <= 0x7e) return i + 1;
		}
		return line.length;
	}
	if (kind === ']' || kind === 'P' || kind === '_' || kind === '^') {
		for (let i = start + 2; i < line.length; i++) {
			if (line[i] === '\u0007') return i + 1;
			if (line[i] === '\u001b' && line[i + 1] === '\\') return i + 2;
		}
		return line.length;
	}
	return Math.min(line.length, start + 2);
}

// Characters whose width every terminal agrees on (one column): the dashboard's own
// symbols (box drawing, blocks, arrows, ·, µ, …) and Latin text.
const NARROW_RANGES: ReadonlyArray<readonly [number, number]> = [
	[0x20, 0x7e], [0xa0, 0xac], [0xae, 0x2ff], [0x2010, 0x2027], [0x2030, 0x205e],
	[0x2070, 0x20cf], [0x2190, 0x22ff], [0x2500, 0x25fc], [0x25ff, 0x25ff], [0x2800, 0x28ff],
];

function isNarrowSymbol(point: number): boolean {
	for (let i = 0; i < NARROW_RANGES.length; i++) {
		const [from, to] = NARROW_RANGES[i]!;
		if (point >= from && point <= to) return true;
	}
	return false;
}

/** Text made only of those characters: its length is its width in columns. */
export const NARROW_TEXT = new RegExp(`^[${NARROW_RANGES.map(([from, to]) => `${unicodeEscape(from)}-${unicodeEscape(to)}`).join('')}]*$`);

function unicodeEscape(point: number): string {
	return `\\u${point.toString(16).padStart(4, '0')}`;
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
// East Asian Wide and Fullwidth blocks and emoji shown two columns wide.
const WIDE: ReadonlyArray<readonly [number, number]> = [
	[0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0], [0x23f3, 0x23f3],
	[0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f], [0x2693, 0x2693], [0x26a1, 0x26a1],
	[0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5], [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea],
	[0x26f2, 0x26f3], [0x26f5, 0x26f5], [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b],
	[0x2728, 0x2728], [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
	[0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55], [0x2e80, 0x303e],
	[0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3],
	[0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f004, 0x1f004],
	[0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a], [0x1f200, 0x1f251], [0x1f300, 0x1f64f],
	[0x1f680, 0x1f6ff], [0x1f900, 0x1f9ff], [0x1fa70, 0x1faff], [0x20000, 0x3fffd],
];

/** Columns a code point takes: 0 (controls, combining marks), 1, or 2 (wide). */
export function charWidth(point: number): number {
	if (point >= 0x20 && point <= 0x7e) return 1;
	if (point < 0x20 || (point >= 0x7f && point <= 0x9f)) return 0;
	if (point < 0x300) return point === 0xad ? 0 : 1;
	let width = charWidths.get(point);
	if (width === undefined) {
		width = ZERO_WIDTH.test(String.fromCodePoint(point)) ? 0 : point < 0x1100 ? 1 : wideness(point);
		remember(charWidths, point, width);
	}
	return width;
}

function wideness(point: number): number {
	for (let i = 0; i < WIDE.length; i++) {
		const [from, to] = WIDE[i]!;
		if (point < from) return 1;
		if (point <= to) return 2;
	}
	return 1;
}

/**
 * The string for a code point. Each frame draws the same few hundred box-drawing,
 * block and arrow characters again; V8 keeps one string per ASCII character but
 * would make a new one for each of these every time.
 */
function charOf(point: number): string {
	if (point < 0x80) return String.fromCharCode(point);
	let char = charStrings.get(point);
	if (char === undefined) {
		char = String.fromCodePoint(point);
		remember(charStrings, point, char);
	}
	return char;
}

// Bounded: text from the target can hold any characters at all.
const MAX_REMEMBERED = 4096;
const charStrings = new Map<number, string>();
const charWidths = new Map<number, number>();

function remember<V>(map: Map<number, V>, point: number, value: V): void {
	if (map.size >= MAX_REMEMBERED) map.clear();
	map.set(point, value);
}
