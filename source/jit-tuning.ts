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
 * that really is hot and leave the rest in Sparkplug's baseline code. V8 reads
 * both flags as it makes each tiering and inlining decision, so setting them
 * at run time takes effect (checked with --trace-opt); they change speed
 * only, never behaviour.
 */
// V8's default budget of bytecodes executed between tiering checks (Node 20), and 16x that.
const BUDGET = 67584;
const DEFAULT_BUDGET = `--interrupt-budget=${BUDGET}`;
const LONG_RUN_BUDGET = `--interrupt-budget=${16 * BUDGET}`;
// V8's default inlining budget per optimised function (Node 20), and a quarter of it.
const DEFAULT_INLINING = '--max-inlined-bytecode-size-cumulative=920';
const LONG_RUN_INLINING = '--max-inlined-bytecode-size-cumulative=230';
const LONG_RUN_FLAGS = [LONG_RUN_BUDGET, LONG_RUN_INLINING];

let longRun = false;

export function tuneJitForLongRun(): void {
	for (const flag of LONG_RUN_FLAGS) v8.setFlagsFromString(flag);
	longRun = true;
}

/**
 * Runs a hot loop (a profile decode: hundreds of thousands of fields) at V8's
 * default bar for optimising. Under the long-run bar the decoder stayed in
 * baseline code for its first few profiles, each then costing five times
 * what it does optimised. The bar is per function and set as each function
 * checks in, so the functions that run in here tier up as usual, and the
 * rest of the dashboard keeps the high bar.
 */
export function hotLoop<T>(run: () => T): T {
	return withFlags([DEFAULT_BUDGET], run);
}

/**
 * Runs `run` under V8's default flags. V8 stamps its code cache with the flags
 * it was made under and refuses it under any others, and the next launch
 * reads it before any tuning (source/code-cache.ts).
 */
export function atDefaultJit<T>(run: () => T): T {
	return withFlags([DEFAULT_BUDGET, DEFAULT_INLINING], run);
}

/** `run` with `flags` in place of the long-run ones, which are back after it (when tuned at all). */
function withFlags<T>(flags: readonly string[], run: () => T): T {
	if (!longRun) return run();
	for (const flag of flags) v8.setFlagsFromString(flag);
	try {
		return run();
	} finally {
		for (const flag of LONG_RUN_FLAGS) v8.setFlagsFromString(flag);
	}
}
