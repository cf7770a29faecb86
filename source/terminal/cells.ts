/**
 * @module A row of terminal text with SGR styling, split into columns: one
 * character and one style per column, so the frame writer can compare two
 * frames cell by cell. A style is a canonical SGR parameter string ("1;31" is
 * bold red, "" the default): two cells look the same exactly when their chars
 * and style strings are equal, however the codes were written.
 */
import {charWidth, isNarrowSymbol} from '../view/width.js';

export interface Cells {
	/** One entry per column; a wide character's second column is ''. A char may carry zero-width characters after it. */
	readonly chars: string[];
	readonly styles: string[];
	/** Every column is one narrow character with SGR styling only: safe to redraw column by column. */
	readonly simple: boolean;
}

const ESC = 0x1b;

export function parseCells(line: string): Cells {
	const chars: string[] = [];
	const styles: string[] = [];
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
		const char = String.fromCodePoint(point);
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
	return {chars, styles, simple};
}

/**
 * The SGR sequence that takes the terminal from one style to another: codes
 * that end what `from` has and `to` lacks, then codes that start what is new.
 * Never a reset, so styles set around the text (an Ink transformer wrapping a
 * line in a colour) keep applying to the parts this leaves alone.
 */
export function styleChange(from: string, to: string): string {
	return from === to ? '' : computeChange(styleParts(from), styleParts(to));
}

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
