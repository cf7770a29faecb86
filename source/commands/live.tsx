import {render} from 'ink';
import type {ReactElement} from 'react';
import {saveCodeCache} from '../code-cache.js';
import {LeakwatchError} from '../errors.js';
import {frameStdout} from '../live/frame-stdout.js';
import type {Session} from '../live/session.js';
import {atDefaultJit, tuneJitForLongRun} from '../jit-tuning.js';
import {guardTerminal, silenceConsole} from '../live/terminal.js';
import type {ViewOptions} from '../live/view-model.js';
import {LiveApp} from '../ui/live-app.js';

/**
 * Runs the full-screen dashboard on a session until the user quits, and
 * returns the exit code. Owns the terminal: alternate screen in, and out again
 * on every path.
 */
export function assertInteractive(): void {
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		throw new LeakwatchError('usage', 'the dashboard needs an interactive terminal; for scripts and CI use leakwatch check');
	}
}

/** How long a dashboard runs before it saves V8's code cache for the next launch. */
const CODE_CACHE_AFTER_MS = 10_000;

/** One session's dashboard. */
export function runDashboard(session: Session, viewOptions: ViewOptions, refreshMs = 1000): Promise<number> {
	return runFullScreen([session], (redraw) => <LiveApp session={session} options={viewOptions} onRedraw={redraw} refreshMs={refreshMs} />);
}

/** Runs a full-screen Ink app over some sessions until the user quits; stops them after. */
export async function runFullScreen(sessions: readonly Session[], app: (redraw: () => void) => ReactElement): Promise<number> {
	const stopAll = () => Promise.all(sessions.map((session) => session.stop()));
	const {stdout, stdin} = process;
	assertInteractive();
	tuneJitForLongRun();
	let instance: ReturnType<typeof render> | undefined;
	const guard = guardTerminal({
		stdout,
		stdin,
		beforeExit: () => {
			instance?.unmount();
			void stopAll();
		},
	});
	// Ink draws into frames, frames reach the terminal as cell changes (frame-stdout.ts).
	const frames = frameStdout(stdout);
	// Output from anything else would scribble over the frame.
	const restoreConsole = silenceConsole();
	// Should React run as its development build anyway (NODE_ENV=development), drop the
	// render measures it leaves in the performance timeline.
	const trim = setInterval(() => performance.clearMeasures(), 60_000).unref();
	// By now the dashboard has drawn, polled and ranked: what the next launch can skip compiling.
	const warm = setTimeout(() => atDefaultJit(saveCodeCache), CODE_CACHE_AFTER_MS).unref();
	try {
		instance = render(app(frames.repaint), {
			stdout: frames.stdout,
			// Debug mode writes each frame whole and unthrottled: the frame writer diffs it,
			// and redraws are already batched by the apps (--refresh).
			debug: true,
			exitOnCtrlC: false,
			patchConsole: false,
		});
		await instance.waitUntilExit();
		return 0;
	} finally {
		clearInterval(trim);
		clearTimeout(warm);
		restoreConsole();
		await stopAll();
		guard.restore();
		guard.dispose();
	}
}
