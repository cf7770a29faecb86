import {intFlag, usage, type RawFlags} from '../cli-options.js';
import {ReplaySession} from '../live/replay.js';
import {colorEnabled} from '../live/terminal.js';
import {assertInteractive, runDashboard} from './live.js';

export async function replayFromFlags(args: string[], flags: RawFlags): Promise<number> {
	if (args.length !== 1) throw usage('replay needs one snapshot folder: leakwatch replay DIR');
	assertInteractive();
	const session = await ReplaySession.load(args[0]!);
	return runDashboard(session, {window: intFlag(flags, 'window', 2), color: colorEnabled()});
}
