/**
 * @module Styled lines (view/style.ts) as terminal text: the one place where
 * styles become SGR escape codes. Colours follow --no-color / NO_COLOR; bold,
 * dim, inverse and underline are not colour and always apply (the selected
 * row has to show without colour too).
 */
import type {Color, Line, Style} from '../view/style.js';

const COLORS: Record<Color, string> = {red: '31', green: '32', yellow: '33', blue: '34', magenta: '35', cyan: '36', gray: '90'};

function codes(style: Style | undefined, color: boolean): string {
	if (!style) return '';
	const parts: string[] = [];
	if (style.bold) parts.push('1');
	if (style.dim) parts.push('2');
	if (style.underline) parts.push('4');
	if (style.inverse) parts.push('7');
	if (color && style.fg) parts.push(COLORS[style.fg]);
	return parts.join(';');
}

export function lineToSgr(line: Line, color: boolean): string {
	let out = '';
	for (const part of line) {
		const sgr = codes(part.style, color);
		out += sgr && part.text ? `\u001b[${sgr}m${part.text}\u001b[0m` : part.text;
	}
	return out;
}

export function screenToSgr(lines: readonly Line[], color: boolean): string {
	return lines.map((line) => lineToSgr(line, color)).join('\n');
}
