/**
 * Works around an off-by-one in Ink 6.8's incremental renderer. After a frame
 * that ends in a newline the cursor sits on the row below the frame, but the
 * next incremental frame moves up as if it sat on the frame's last row, so
 * every frame lands one row too low (seen in tmux and xterm: the first line
 * repeats down the screen). Moving the cursor up one row after each frame
 * write puts it where the renderer expects; full repaints (clear, resize) are
 * unaffected because they erase relative to the same position.
 *
 * A frame write is recognised by how log-update ends one: a newline, or
 * "cursor next line" when the last row did not change.
 */
const CURSOR_NEXT_LINE = '\u001b[E';
const CURSOR_UP = '\u001b[1A';

export function cursorFixingStdout(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
	const write = (chunk: unknown, ...rest: unknown[]): boolean => {
		if (typeof chunk === 'string' && (chunk.endsWith('\n') || chunk.endsWith(CURSOR_NEXT_LINE))) chunk += CURSOR_UP;
		return (stdout.write as (...args: unknown[]) => boolean)(chunk, ...rest);
	};
	return new Proxy(stdout, {
		get(target, property) {
			if (property === 'write') return write;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
