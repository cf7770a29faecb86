import type {ScreenView} from './view-model.js';

/**
 * A ScreenView as the terminal's rows: one string per row, styles written as
 * SGR codes, each row already cut to width by the view. The Screen component
 * hands them to Ink as one text node. Laid out as ~60 boxes and text nodes,
 * the same screen cost React and Yoga more than everything else in a redraw
 * (docs/performance.md); as rows, Ink places one block of text.
 *
 * Colour is optional (--no-color); inverse, bold and dim are not colour and
 * always apply: the selected row has to show without colour too.
 */
export function screenLines(view: ScreenView, color: boolean): string[] {
	const height = frameRows(view.size.rows);
	if (view.tooSmall) return wrapWords(view.tooSmall, view.size.columns).slice(0, height);
	const {header, body, status} = view;
	const lines: string[] = [];
	lines.push(sgr(header.left, BOLD) + ' ' + sgr(header.right, header.paused ? INVERSE : color ? GREEN : ''));
	lines.push(sgr(header.line2, header.line2IsError ? (color ? RED : '') : DIM));
	if (view.plots.length > 0) {
		// Side by side, two columns apart; every plot has the same number of lines, each exactly its width.
		lines.push(view.plots.map((plot) => sgr(plot.title, plot.alarm ? (color ? `${BOLD};${INVERSE};${RED}` : `${BOLD};${INVERSE}`) : BOLD)).join(GAP));
		const rows = Math.max(...view.plots.map((plot) => plot.lines.length));
		for (let i = 0; i < rows; i++) lines.push(view.plots.map((plot) => plot.lines[i] ?? ' '.repeat(plot.width)).join(GAP));
	}
	// The lower pane takes the rows left above the status line; what does not fit is cut.
	const room = Math.max(0, height - lines.length - 1);
	const pane: string[] = [sgr(body.title, INVERSE)];
	if (body.columns) pane.push(sgr(body.columns, DIM));
	for (const part of [body.intro, body.chart, body.lines]) if (part) pane.push(...part);
	for (const row of body.rows) pane.push(sgr(row.text, row.selected ? INVERSE : row.steady ? (color ? `${BOLD};${YELLOW}` : BOLD) : ''));
	for (let i = 0; i < room; i++) lines.push(pane[i] ?? '');
	const level = status.level === 'info' ? GREEN : status.level === 'warn' ? YELLOW : RED;
	lines.push(sgr(status.left, DIM) + (status.right ? sgr(status.right, color ? level : '') : ''));
	return lines.slice(0, height);
}

/** Rows a full-screen frame takes: never the terminal's all, where Ink 6 repaints everything on every update. */
export function frameRows(terminalRows: number): number {
	return Math.max(1, terminalRows - 1);
}

const GAP = '  ';
const BOLD = '1';
const DIM = '2';
const INVERSE = '7';
const RED = '31';
const GREEN = '32';
const YELLOW = '33';

/** Our own message (no wide characters) in lines of at most width columns, broken at spaces. */
function wrapWords(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = '';
		}
		line = line ? `${line} ${word}` : word;
		while (line.length > width) {
			lines.push(line.slice(0, width));
			line = line.slice(width);
		}
	}
	return [...lines, line];
}

/** Text in a style (SGR parameters), back to the default after it. */
function sgr(text: string, codes: string): string {
	return codes && text ? `\u001b[${codes}m${text}\u001b[0m` : text;
}
