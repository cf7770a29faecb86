/**
 * What leakwatch changes inside Ink 6.8, for a dashboard that runs for days.
 * Pure rules, applied in two places: the build (scripts/bundle.ts) bakes them
 * into dist/cli.js, and the module-loading hook (ink-loader-hook.ts) applies
 * them when Ink is loaded from source, as scripts/bench-terminal.tsx does to
 * compare Ink's own output buffer with ours.
 *
 * - Ink's output buffer costs two thirds of every redraw, and measuring text
 *   (string-width, once per text node per redraw) most of the rest: Ink gets
 *   our equivalents, which remember lines they have seen (ink-output.ts,
 *   ink-widest-line.ts).
 * - Ink keeps the size of every distinct string it has ever laid out in a Map
 *   that is never cleared; numbers that change every second would grow it by
 *   tens of megabytes an hour. That one module is rewritten so the cache is
 *   emptied when it gets large (left unchanged if Ink's source no longer
 *   matches; the build refuses that).
 */

/** A module Ink imports, the file that imports it, and ours that takes its place (next to this file). */
export interface ModuleSwap {
	readonly specifier: string;
	readonly importer: RegExp;
	readonly replacement: string;
}

export const MODULE_SWAPS: readonly ModuleSwap[] = [
	{specifier: './output.js', importer: /\/ink\/build\/renderer\.js$/, replacement: './ink-output.js'},
	{specifier: 'widest-line', importer: /\/ink\/build\/(measure-text|render-node-to-output)\.js$/, replacement: './ink-widest-line.js'},
];

/** Ours in place of `specifier` when `importer` (a path or file URL) is Ink's module that uses it. */
export function swapFor(specifier: string, importer: string): ModuleSwap | undefined {
	return MODULE_SWAPS.find((swap) => swap.specifier === specifier && swap.importer.test(importer));
}

export const MEASURE_TEXT = /\/ink\/build\/measure-text\.js$/;
const STORE = 'cache.set(text, dimensions);';
const BOUNDED = 'if (cache.size >= 2000) cache.clear(); cache.set(text, dimensions);';

/** Ink's measure-text module with its cache bounded; undefined when Ink's source no longer matches. */
export function boundMeasureCache(source: string): string | undefined {
	return source.includes(STORE) ? source.replace(STORE, BOUNDED) : undefined;
}
