/**
 * What leakwatch changes inside Ink 6.8, for a dashboard that runs for days.
 * Pure rules, applied in two places: the build (scripts/bundle.ts) bakes them
 * into dist/leakwatch.cjs, and the module-loading hook (ink-loader-hook.ts) applies
 * them when Ink is loaded from source, as scripts/bench-terminal.tsx does to
 * compare Ink's own output buffer with ours.
 *
 * - Ink's output buffer costs two thirds of every redraw, and measuring text
 *   (string-width, once per text node per redraw) most of the rest: Ink gets
 *   our equivalents, which remember lines they have seen (ink-output.ts,
 *   ink-widest-line.ts).
 * - Ink keeps the size of every distinct string it has ever laid out in a Map
 *   that is never cleared; numbers that change every second would grow it by
 *   tens of megabytes an hour. That module is rewritten so the cache is
 *   emptied when it gets large; others lose per-redraw work whose result is
 *   known, start-up work leakwatch does not need, and the top-level waits that
 *   would keep the bundle from using V8's code cache (SOURCE_PATCHES). A patch
 *   whose text Ink or Yoga no longer has is left out, and the build refuses that.
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

/** A piece of one of Ink's modules rewritten; the build refuses an Ink where `find` is gone. */
export interface SourcePatch {
	readonly file: RegExp;
	readonly find: string;
	readonly replace: string;
}

export const SOURCE_PATCHES: readonly SourcePatch[] = [
	// Ink's text-size cache, emptied when it gets large. Small: the dashboard's text node is
	// the whole screen, new at every refresh, and the lines under it are remembered anyway.
	{file: /\/ink\/build\/measure-text\.js$/, find: 'cache.set(text, dimensions);', replace: 'if (cache.size >= 64) cache.clear(); cache.set(text, dimensions);'},
	// The same for wrapped and truncated text, which Ink keeps in an object that only grows.
	{file: /\/ink\/build\/wrap-text\.js$/, find: 'const cache = {};', replace: 'let cache = {}, cacheSize = 0;'},
	{file: /\/ink\/build\/wrap-text\.js$/, find: 'cache[cacheKey] = wrappedText;', replace: 'if (++cacheSize > 256) { cache = {}; cacheSize = 1; } cache[cacheKey] = wrappedText;'},
	// Every redraw, Ink re-tokenises the text to drop escapes other than SGR. Text whose
	// only escapes are SGR (all of leakwatch's: target strings are escaped long before)
	// comes out of that unchanged, and one regex test says so.
	{
		file: /\/ink\/build\/sanitize-ansi\.js$/,
		find: 'if (!hasAnsiControlCharacters(text)) {',
		replace: 'if (!hasAnsiControlCharacters(text) || !/\\u001b(?!\\[[\\d;]*m)|[\\u0080-\\u009f]/.test(text)) {',
	},
	// Yoga (Ink's layout engine) carries its WebAssembly as base64 and compiles it
	// asynchronously, so Yoga's module, and Ink's over it, wait at their top level. A module
	// that does cannot be a classic script, and on Node 20 only a classic script can use V8's
	// code cache (source/launch.ts). Compiled synchronously instead (Node allows that at any
	// size), from bytes decoded natively rather than by the loader's loop. The loader's own
	// asynchronous path also fetched the data: URL, which loads undici: 30-40 ms of start-up.
	{
		file: /\/yoga-layout\/dist\/binaries\/yoga-wasm-base64-esm\.js$/,
		find: 'if(h.instantiateWasm)try{',
		replace: 'a(new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(H.slice(H.indexOf(",")+1),"base64")),d));return{};if(h.instantiateWasm)try{',
	},
	{file: /\/yoga-layout\/dist\/binaries\/yoga-wasm-base64-esm\.js$/, find: 'return loadYoga.ready', replace: 'loadYoga.ready.catch(function(){});return loadYoga'},
	{file: /\/yoga-layout\/dist\/src\/index\.js$/, find: 'wrapAssembly(await loadYoga())', replace: 'wrapAssembly(loadYoga())'},
	// Ink's other top-level waits load React devtools when DEV=true. leakwatch ships none, and a
	// user's DEV=true stopped the dashboard at start ("internal error"): devtools stay off.
	{file: /\/ink\/build\/utils\.js$/, find: "const isDev = () => process.env['DEV'] === 'true';", replace: 'const isDev = () => false;'},
	{file: /\/ink\/build\/reconciler\.js$/, find: "await import('./devtools.js');", replace: ''},
	{file: /\/ink\/build\/reconciler\.js$/, find: '? await loadPackageJson()', replace: '? {}'},
	// Start-up work for code the dashboard rarely or never runs. The first Intl.Segmenter
	// loads ICU's break rules (~14 ms); string-width (two copies) and slice-ansi only measure
	// and cut what our own output buffer and measure do not. meow's package.json normaliser
	// and its SPDX tables (~25 ms) serve only its help and version output, which leakwatch
	// writes itself.
	{
		file: /\/string-width\/index\.js$/,
		find: 'const segmenter = new Intl.Segmenter();',
		replace: 'let segmenterInstance; const segmenter = {segment: (text) => (segmenterInstance ??= new Intl.Segmenter()).segment(text)};',
	},
	{
		file: /\/slice-ansi\/tokenize-ansi\.js$/,
		find: "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
		replace: "let graphemeSegmenter; const GRAPHEME_SEGMENTER = {segment: (text) => (graphemeSegmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})).segment(text)};",
	},
	{
		file: /\/meow\/build\/dependencies\.js$/,
		find: 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
		replace: 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);',
	},
	// Every text node, every redraw: a string per character just to look for C1 controls.
	{
		file: /\/ink\/build\/ansi-tokenizer\.js$/,
		find: 'for (const character of text) {\n        if (isC1ControlCharacter(character)) {\n            return true;\n        }\n    }\n    return false;',
		replace: 'return /[\\u0080-\\u009f]/.test(text);',
	},
];

/** Whether any patch is for the module at `path` (a path or file URL). */
export function isPatched(path: string): boolean {
	return SOURCE_PATCHES.some((patch) => patch.file.test(path));
}

/** Ink's module at `path` with the patches for it applied, and the patches that could not be. */
export function patchSource(path: string, source: string): {source: string; applied: SourcePatch[]; missed: SourcePatch[]} {
	const applied: SourcePatch[] = [];
	const missed: SourcePatch[] = [];
	let patched = source;
	for (const patch of SOURCE_PATCHES) {
		if (!patch.file.test(path)) continue;
		if (patched.includes(patch.find)) {
			patched = patched.replace(patch.find, patch.replace);
			applied.push(patch);
		} else {
			missed.push(patch);
		}
	}
	return {source: patched, applied, missed};
}
