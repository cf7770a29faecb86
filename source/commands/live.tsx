import {render} from 'ink';
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

export async function runDashboard(session: Session, viewOptions: ViewOptions, refreshMs = 1000): Promise<number> {
	const {stdout, stdin} = process;
	assertInteractive();
	let instance: ReturnType<typeof render> | undefined;
	const guard = guardTerminal({
		stdout,
		stdin,
		beforeExit: () => {
			instance?.unmount();
			void session.stop();
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
		instance = render(<LiveApp session={session} options={viewOptions} onRedraw={redraw} refreshMs={refreshMs} />, {
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
		await session.stop();
		guard.restore();
		guard.dispose();
	}
}
