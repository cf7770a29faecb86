import v8 from 'node:v8';

/**
 * V8's defaults suit a web page that wants peak speed soon. The dashboard is
 * the opposite: it runs for hours and is idle 99% of the time, and most of
 * its code (React, Ink, the view) runs a few hundred times a minute. With the
 * defaults V8 keeps compiling such lukewarm functions with TurboFan for
 * minutes on end: a third of the dashboard's CPU in its first minute went to
 * compiling, more than running the compiled code saved (docs/performance.md).
 *
 * A higher bar for optimising, and less inlining, keep TurboFan for code
 * that really is hot (the profile decoder's loops still optimise within the
 * first profiles) and leave the rest in Sparkplug's baseline code. V8 reads
 * both flags as it makes each tiering and inlining decision, so setting them
 * at run time takes effect (checked with --trace-opt); they change speed
 * only, never behaviour.
 */
const FLAGS = [
	// 16x the default budget of bytecodes executed between tiering checks.
	'--interrupt-budget=1081344',
	// A quarter of the default inlining budget per optimised function.
	'--max-inlined-bytecode-size-cumulative=230',
];

export function tuneJitForLongRun(): void {
	for (const flag of FLAGS) v8.setFlagsFromString(flag);
}
