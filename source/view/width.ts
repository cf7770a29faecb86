/**
 * @module How many terminal columns a character takes: 0 (controls,
 * combining marks), 1, or 2 (East Asian wide, emoji). The view fits text by
 * it, and the frame writer (terminal/) decides with it which rows it can
 * redraw cell by cell.
 */
// Characters whose width every terminal agrees on (one column): the dashboard's own
// symbols (box drawing, blocks, arrows, ·, µ, …) and Latin text.
const NARROW_RANGES: ReadonlyArray<readonly [number, number]> = [
	[0x20, 0x7e], [0xa0, 0xac], [0xae, 0x2ff], [0x2010, 0x2027], [0x2030, 0x205e],
	[0x2070, 0x20cf], [0x2190, 0x22ff], [0x2500, 0x25fc], [0x25ff, 0x25ff], [0x2800, 0x28ff],
];

export function isNarrowSymbol(point: number): boolean {
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
	return ZERO_WIDTH.test(String.fromCodePoint(point)) ? 0 : point < 0x1100 ? 1 : wideness(point);
}

function wideness(point: number): number {
	for (let i = 0; i < WIDE.length; i++) {
		const [from, to] = WIDE[i]!;
		if (point < from) return 1;
		if (point <= to) return 2;
	}
	return 1;
}

