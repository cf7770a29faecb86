/**
 * @module Frames to the terminal: each frame (the screen's rows, SGR-styled,
 * joined by newlines) becomes the cell changes since the frame on screen
 * (frame-diff.ts), inside a synchronized update so the terminal shows no
 * half-drawn frame. A new terminal size, or repaint() (Ctrl-L), paints the
 * whole frame again.
 */
import {parseCells} from './cells.js';
import {frameUpdate, fullPaint} from './frame-diff.js';

export interface FrameWriter {
	show(frame: string): void;
	/** Clears the screen and paints the current frame whole (after something else drew on it). */
	repaint(): void;
}

/** What the writer needs of a terminal: its size and a write. */
export interface FrameTerminal {
	readonly columns?: number;
	readonly rows?: number;
	write(text: string): unknown;
}

const BEGIN_SYNC = '\u001b[?2026h';
const END_SYNC = '\u001b[?2026l';

export function frameWriter(terminal: FrameTerminal): FrameWriter {
	let shown: string[] | undefined;
	let shownSize = '';
	const send = (update: string) => {
		if (update !== '') terminal.write(BEGIN_SYNC + update + END_SYNC);
	};
	return {
		show(frame) {
			// Never below the screen: a frame row past the last one would scroll it.
			const rows = frame.split('\n').slice(0, Math.max(1, terminal.rows ?? Number.POSITIVE_INFINITY));
			const size = `${terminal.columns}x${terminal.rows}`;
			// A frame drawn just before the app heard of a resize: rows wider than the terminal now would
			// wrap and scroll the screen. The app draws again at the new size; that one is painted.
			if (size !== shownSize && rows.some((row) => parseCells(row).chars.length > (terminal.columns ?? Number.POSITIVE_INFINITY))) return;
			send(shown && size === shownSize ? frameUpdate(shown, rows) : fullPaint(rows));
			shown = rows;
			shownSize = size;
		},
		repaint() {
			if (shown) send(fullPaint(shown));
		},
	};
}
