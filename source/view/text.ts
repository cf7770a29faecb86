/**
 * @module Fixed-width text for terminal columns. Names are sanitised long before
 * they get here; these only cut and pad, by the columns a terminal gives
 * each character: a Go identifier may be written in CJK, two columns a
 * character, and a row one column too wide would wrap and push the screen
 * down.
 */
import {charWidth, NARROW_TEXT} from './width.js';

export function fit(text: string, width: number): string {
	if (width <= 0) return '';
	const length = columns(text);
	if (length <= width) return text + ' '.repeat(width - length);
	const head = firstColumns(text, width - 1);
	return `${head.text}${' '.repeat(width - 1 - head.columns)}…`;
}

/** Cut from the left, keeping the end (file paths: the file name matters most). */
export function fitLeft(text: string, width: number): string {
	if (width <= 0) return '';
	const length = columns(text);
	if (length <= width) return text + ' '.repeat(width - length);
	const tail = lastColumns(text, width - 1);
	return `…${' '.repeat(width - 1 - tail.columns)}${tail.text}`;
}

export function padStart(text: string, width: number): string {
	const length = columns(text);
	if (length >= width) {
		const head = firstColumns(text, width);
		return head.text + ' '.repeat(width - head.columns);
	}
	return ' '.repeat(width - length) + text;
}

/** Terminal columns the text takes. */
export function columns(text: string): number {
	// Nearly all text is made of characters one column wide each: measured by its length.
	if (NARROW_TEXT.test(text)) return text.length;
	let total = 0;
	for (const char of text) total += charWidth(char.codePointAt(0)!);
	return total;
}

/** The longest start of text that fits in max columns (characters that take none stay with theirs). */
function firstColumns(text: string, max: number): {text: string; columns: number} {
	if (NARROW_TEXT.test(text)) return {text: text.slice(0, Math.max(0, max)), columns: Math.max(0, Math.min(max, text.length))};
	let used = 0;
	let end = 0;
	for (const char of text) {
		const width = charWidth(char.codePointAt(0)!);
		if (used + width > max) break;
		used += width;
		end += char.length;
	}
	return {text: text.slice(0, end), columns: used};
}

/** The longest end of text that fits in max columns. */
function lastColumns(text: string, max: number): {text: string; columns: number} {
	if (NARROW_TEXT.test(text)) return {text: text.slice(Math.max(0, text.length - max)), columns: Math.max(0, Math.min(max, text.length))};
	const chars = [...text];
	let used = 0;
	let start = chars.length;
	while (start > 0) {
		const width = charWidth(chars[start - 1]!.codePointAt(0)!);
		if (used + width > max) break;
		used += width;
		start--;
	}
	// A character that takes no columns belongs to the one before it.
	while (start < chars.length && charWidth(chars[start]!.codePointAt(0)!) === 0) start++;
	return {text: chars.slice(start).join(''), columns: used};
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** A tiny trend: the last `width` values as block characters, scaled to their own range. */
export function sparkline(values: readonly number[], width: number): string {
	const points = resample(values.filter(Number.isFinite), width);
	if (points.length === 0) return ' '.repeat(width);
	const min = Math.min(...points);
	const max = Math.max(...points);
	let line = '';
	// Indexed: a for-of makes an iterator result per point in V8's baseline tier.
	for (let i = 0; i < points.length; i++) line += max === min ? BLOCKS[0] : BLOCKS[Math.round(((points[i]! - min) / (max - min)) * (BLOCKS.length - 1))];
	return padStart(line, width);
}

/** At most `count` points: the newest ones, or buckets averaged when there are more. */
export function resample(values: readonly number[], count: number): number[] {
	if (count <= 0) return [];
	if (values.length <= count) return [...values];
	const result: number[] = [];
	const step = values.length / count;
	for (let i = 0; i < count; i++) {
		const from = Math.floor(i * step);
		const to = Math.max(from + 1, Math.floor((i + 1) * step));
		let sum = 0;
		let n = 0;
		for (let j = from; j < to; j++) {
			if (Number.isFinite(values[j]!)) {
				sum += values[j]!;
				n++;
			}
		}
		result.push(n > 0 ? sum / n : Number.NaN);
	}
	return result;
}

/** File name and line, the short form for lists. */
export function shortLocation(file: string, line: number): string {
	const name = file.split('/').pop() ?? file;
	return line > 0 ? `${name}:${line}` : name;
}
