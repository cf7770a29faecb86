/**
 * @module The only code that touches the terminal: the alternate screen in,
 * and out again on every path (guard.ts); the keyboard through Ink (the
 * screen component); frames through the frame writer, which sends only the
 * cells that changed (frame-writer.ts); the size and its changes; the bell.
 * What this relies on in Ink is checked by test/terminal-contract.test.tsx.
 */
import {Writable} from 'node:stream';
import {render} from 'ink';
import type {Key, Size} from '../app/state.js';
import {LeakwatchError} from '../errors.js';
import type {Line} from '../view/style.js';
import {frameWriter} from './frame-writer.js';
import {guardTerminal, silenceConsole} from './guard.js';
import {Screen} from './screen.js';
import {screenToSgr} from './sgr.js';

export interface Terminal {
	size(): Size;
	onResize(listener: (size: Size) => void): () => void;
	show(lines: readonly Line[]): void;
	/** Clears the screen and paints the frame whole (Ctrl-L). */
	repaint(): void;
	bell(): void;
	/** Leaves the alternate screen and restores the terminal. */
	close(): void;
}

export function assertInteractive(): void {
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		throw new LeakwatchError('usage', 'the dashboard needs an interactive terminal; for scripts and CI use leakwatch check');
	}
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off. */
export function colorEnabled(): boolean {
	return !process.env.NO_COLOR;
}

/**
 * Opens the full-screen terminal. `onKey` gets every key; `onExit` runs when a
 * signal or a crash ends the program (stop polling there), after which the
 * terminal is restored and the process exits.
 */
export function openTerminal(options: {onKey: (input: string, key: Key) => void; onExit: () => void}): Terminal {
	assertInteractive();
	const {stdout, stdin} = process;
	const color = colorEnabled();
	let instance: ReturnType<typeof render> | undefined;
	const guard = guardTerminal({
		stdout,
		stdin,
		beforeExit: () => {
			instance?.unmount();
			options.onExit();
		},
	});
	const frames = frameWriter(stdout);
	// Output from anything else would scribble over the frame.
	const restoreConsole = silenceConsole();
	const size = (): Size => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
	// Ink draws nothing (the screen component only reads keys): its output, in debug mode without
	// cursor handling, goes nowhere, so the frame writer is the only thing writing to the terminal.
	const nowhere = new Writable({write: (_chunk, _encoding, done) => done()});
	instance = render(<Screen onKey={options.onKey} />, {
		stdout: nowhere as NodeJS.WriteStream,
		stdin,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	let closed = false;
	return {
		size,
		onResize(listener) {
			const onResize = () => listener(size());
			stdout.on('resize', onResize);
			return () => stdout.off('resize', onResize);
		},
		show(lines) {
			if (!closed) frames.show(screenToSgr(lines, color));
		},
		repaint: frames.repaint,
		bell() {
			// The bell is a control character: it moves no cursor, so it can go straight out.
			stdout.write('\u0007');
		},
		close() {
			if (closed) return;
			closed = true;
			instance!.unmount();
			restoreConsole();
			guard.restore();
			guard.dispose();
		},
	};
}
