import {durationFlag, intFlag, targetFromFlags, usage, type RawFlags} from '../cli-options.js';
import {LiveSession} from '../live/session.js';
import {colorEnabled} from '../live/terminal.js';
import {assertInteractive, runDashboard} from './live.js';

export async function liveFromFlags(args: string[], flags: RawFlags): Promise<number> {
	if (args.length > 1) throw usage('several targets at once are not supported yet: give one URL');
	assertInteractive();
	const intervalMs = durationFlag(flags, 'interval', 1000, 50);
	const profileIntervalMs = durationFlag(flags, 'profileInterval', 5000, 100);
	const session = new LiveSession({
		target: targetFromFlags(args[0], flags),
		intervalMs,
		profileIntervalMs,
		outDir: typeof flags.out === 'string' && flags.out ? flags.out : process.cwd(),
		customVars: (flags.var as string[] | undefined) ?? [],
	});
	session.start();
	return runDashboard(session, {window: intFlag(flags, 'window', 2), color: colorEnabled()});
}
