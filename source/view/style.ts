/**
 * @module The one styling system: a screen is lines, a line is spans of text
 * with a style. The view builds them; only terminal/ turns them into escape
 * codes (once, when it prints). Colour is a hint: every meaning also shows
 * without it (bold, dim, inverse, a glyph), since NO_COLOR turns colour off.
 */
import {columns, fit} from './text.js';

export type Color = 'cyan' | 'magenta' | 'green' | 'yellow' | 'blue' | 'red' | 'gray';

export interface Style {
	readonly fg?: Color;
	readonly bold?: boolean;
	readonly dim?: boolean;
	readonly inverse?: boolean;
	readonly underline?: boolean;
}

export interface Span {
	readonly text: string;
	readonly style?: Style;
}

export type Line = readonly Span[];

export function span(text: string, style?: Style): Span {
	return style ? {text, style} : {text};
}

/** A line of one span. */
export function plain(text: string, style?: Style): Line {
	return [span(text, style)];
}

/** Exactly `width` columns: cut (with …) or padded with blanks in the last span's style when it asks for it. */
export function fitLine(line: Line, width: number, padStyle?: Style): Line {
	const result: Span[] = [];
	let used = 0;
	for (const part of line) {
		const w = columns(part.text);
		if (used + w <= width) {
			result.push(part);
			used += w;
			continue;
		}
		const room = width - used;
		if (room > 0) result.push(span(fit(part.text, room), part.style));
		used = width;
		break;
	}
	if (used < width) result.push(span(' '.repeat(width - used), padStyle));
	return result;
}
