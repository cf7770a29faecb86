/**
 * @module Ink 6 has no alternate-screen option, so we enter it ourselves and
 * make sure every way out leaves the terminal as it was: q, Ctrl-C, SIGTERM,
 * SIGHUP (the SSH link dropped), a crash, or a lost TTY.
 */
import {describeError} from '../errors.js';
const ENTER = '\u001b[?1049h\u001b[H\u001b[2J\u001b[?25l';
const LEAVE = '\u001b[?25h\u001b[?1049l';

export interface TerminalGuard {
	/** Leaves the alternate screen, shows the cursor, ends raw mode. Idempotent and synchronous. */
	restore(): void;
	dispose(): void;
}

export interface GuardOptions {
	stdout: NodeJS.WriteStream;
	stdin: NodeJS.ReadStream;
	/** Called once when a signal or a crash ends the program, before the terminal is restored (unmount Ink here, so its last frame lands on the alternate screen). */
	beforeExit: () => void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function guardTerminal({stdout, stdin, beforeExit}: GuardOptions): TerminalGuard {
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		try {
			if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
		} catch {
			// the TTY may be gone already
		}
		try {
			stdout.write(LEAVE);
		} catch {
			// writing to a closed terminal: nothing left to restore
		}
	};

	let fatal = false;
	const die = ({signal, error}: {signal?: NodeJS.Signals; error?: unknown}) => {
		if (fatal) return;
		fatal = true;
		try {
			beforeExit();
		} catch {
			// restoring the terminal matters more
		}
		restore();
		if (error !== undefined) {
			try {
				process.stderr.write(`leakwatch: ${describeError(error)}\n`);
			} catch {
				// no terminal left to tell
			}
		}
		process.exit(signal ? signalExitCode(signal) : 2);
	};
	const onSignal = (signal: NodeJS.Signals) => die({signal});
	const onError = (error: unknown) => die({error});
	// A dropped SSH session: writes fail with EIO/EPIPE, reads end.
	const onStreamError = () => die({signal: 'SIGHUP'});

	for (const signal of SIGNALS) process.on(signal, onSignal);
	process.on('uncaughtException', onError);
	process.on('unhandledRejection', onError);
	process.on('exit', restore);
	stdout.on('error', onStreamError);
	stdin.on('end', onStreamError);

	stdout.write(ENTER);
	return {
		restore,
		dispose() {
			for (const signal of SIGNALS) process.off(signal, onSignal);
			process.off('uncaughtException', onError);
			process.off('unhandledRejection', onError);
			process.off('exit', restore);
			stdout.off('error', onStreamError);
			stdin.off('end', onStreamError);
		},
	};
}

export function signalExitCode(signal: NodeJS.Signals): number {
	return 128 + ({SIGHUP: 1, SIGINT: 2, SIGTERM: 15} as Record<string, number>)[signal]!;
}

/**
 * Mutes console output while a full-screen view owns the terminal (it would
 * land in the middle of a frame); returns what restores it.
 */
export function silenceConsole(): () => void {
	const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
	const saved = methods.map((name) => console[name]);
	for (const name of methods) console[name] = () => {};
	return () => methods.forEach((name, index) => (console[name] = saved[index]!));
}
