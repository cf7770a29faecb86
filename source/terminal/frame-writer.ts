/**
 * @module The stream Ink writes the dashboard to. Ink runs in its debug mode, where
 * every write is one whole frame (rows joined by newlines, nothing else);
 * this stream turns each into the cell changes since the frame on screen
 * (frame-diff.ts), inside a synchronized update so the terminal shows no
 * half-drawn frame. A new terminal size, or repaint() (Ctrl-L), paints the
 * whole frame again.
 */
import {parseCells} from './cells.js';
import {frameUpdate, fullPaint} from './frame-diff.js';

export interface FrameStdout {
	readonly stdout: NodeJS.WriteStream;
	/** Clears the screen and paints the current frame whole (after something else drew on it). */
	repaint(): void;
}

const BEGIN_SYNC = '\u001b[?2026h';
const END_SYNC = '\u001b[?2026l';

export function frameStdout(terminal: NodeJS.WriteStream): FrameStdout {
	let shown: string[] | undefined;
	let shownSize = '';
	const send = (update: string, rest: unknown[]) => (terminal.write as (...args: unknown[]) => boolean)(update === '' ? '' : BEGIN_SYNC + update + END_SYNC, ...rest);

	const write = (chunk: unknown, ...rest: unknown[]): boolean => {
		const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
		// Ink's empty write at unmount only waits for the stream to drain.
		if (text === '') return send('', rest);
		// Never below the screen: a frame row past the last one would scroll it.
		const rows = text.split('\n').slice(0, Math.max(1, terminal.rows ?? Number.POSITIVE_INFINITY));
		const size = `${terminal.columns}x${terminal.rows}`;
		// Right after a resize Ink draws once more at the old size: rows wider than the terminal now
		// would wrap and scroll the screen. The app draws again at the new size; that one is painted.
		if (size !== shownSize && rows.some((row) => parseCells(row).chars.length > (terminal.columns ?? Number.POSITIVE_INFINITY))) return send('', rest);
		const update = shown && size === shownSize ? frameUpdate(shown, rows) : fullPaint(rows);
		shown = rows;
		shownSize = size;
		return send(update, rest);
	};

	const stdout = new Proxy(terminal, {
		get(target, property) {
			if (property === 'write') return write;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
	return {
		stdout,
		repaint() {
			if (shown) send(fullPaint(shown), []);
		},
	};
}
