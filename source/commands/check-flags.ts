import {
	byteThresholdFlag,
	countThresholdFlag,
	durationFlag,
	intFlag,
	optionalDurationFlag,
	targetFromFlags,
	usage,
	type RawFlags,
} from '../cli-options.js';
import {runCheck, type Output} from './check.js';

export async function checkFromFlags(args: string[], flags: RawFlags, out: Output): Promise<number> {
	if (args.length > 1) throw usage(`check takes one URL (got ${args.length} arguments)`);
	const durationMs = durationFlag(flags, 'duration', 30_000, 1000);
	// A short run polls faster by default, so that it still sees several points.
	const intervalMs = durationFlag(flags, 'interval', Math.min(1000, Math.floor(durationMs / 5)), 50);
	if (intervalMs >= durationMs) throw usage('--interval must be shorter than --duration');
	return runCheck(
		{
			target: targetFromFlags(args[0], flags),
			durationMs,
			intervalMs,
			profileIntervalMs: optionalDurationFlag(flags, 'profileInterval', 50),
			maxHeapGrowth: byteThresholdFlag(flags, 'maxHeapGrowth'),
			maxGoroutineGrowth: countThresholdFlag(flags, 'maxGoroutineGrowth'),
			json: flags.json === true,
			top: intFlag(flags, 'top', 1) ?? 10,
			forceGC: flags.gc === true,
		},
		out,
	);
}
