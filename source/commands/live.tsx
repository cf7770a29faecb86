import {render} from 'ink';
import type {ReactElement} from 'react';
import {LeakwatchError} from '../errors.js';
import {cursorFixingStdout} from '../live/ink-stdout.js';
import type {Session} from '../live/session.js';
import {CLEAR, guardTerminal} from '../live/terminal.js';
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

/** One session's dashboard. */
export function runDashboard(session: Session, viewOptions: ViewOptions, refreshMs = 1000): Promise<number> {
	return runFullScreen([session], (redraw) => <LiveApp session={session} options={viewOptions} onRedraw={redraw} refreshMs={refreshMs} />);
}

/** Runs a full-screen Ink app over some sessions until the user quits; stops them after. */
export async function runFullScreen(sessions: readonly Session[], app: (redraw: () => void) => ReactElement): Promise<number> {
	const stopAll = () => Promise.all(sessions.map((session) => session.stop()));
	const {stdout, stdin} = process;
	assertInteractive();
	let instance: ReturnType<typeof render> | undefined;
	const guard = guardTerminal({
		stdout,
		stdin,
		beforeExit: () => {
			instance?.unmount();
			void stopAll();
		},
	});
	// After a resize or Ctrl-L: wipe the screen and make Ink forget what it drew.
	const redraw = () => {
		instance?.clear();
		stdout.write(CLEAR);
	};
	stdout.on('resize', redraw);
	// Should React run as its development build anyway (NODE_ENV=development), drop the
	// render measures it leaves in the performance timeline.
	const trim = setInterval(() => performance.clearMeasures(), 60_000).unref();
	try {
		instance = render(app(redraw), {
			stdout: cursorFixingStdout(stdout),
			incrementalRendering: true,
			maxFps: 10,
			exitOnCtrlC: false,
			patchConsole: true,
		});
		await instance.waitUntilExit();
		return 0;
	} finally {
		clearInterval(trim);
		stdout.off('resize', redraw);
		await stopAll();
		guard.restore();
		guard.dispose();
	}
}
