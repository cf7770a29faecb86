import {cellsOf} from './ink-output.js';

/**
 * Ink's measure of text (the widest line, in columns), swapped in for the
 * `widest-line` package (ink-swaps.ts). That package runs string-width,
 * which segments graphemes with Intl.Segmenter, over every text node on every
 * redraw; here each line is measured once by the same parser that places it
 * on the grid, so layout and drawing agree on widths.
 */
export default function widestLine(text: string): number {
	let widest = 0;
	for (const line of text.split('\n')) widest = Math.max(widest, cellsOf(line).chars.length);
	return widest;
}
