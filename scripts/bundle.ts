// Builds dist/leakwatch.cjs: cli.tsx and everything it imports (Ink, React,
// meow, protobufjs) in one file, with Ink's swapped modules and patches
// (source/live/ink-swaps.ts) baked in; and dist/cli.js, the command, which runs
// it (source/launch.ts). One file instead of hundreds of modules, and no
// module-loading hook (on Node 20 a hook runs in its own thread with its own V8
// heap), took start-up from ~1.5 s of CPU to ~0.5 s and the dashboard's memory
// down by that heap. A classic script rather than an ES module, so that V8's
// code cache can take a further fifth off (source/code-cache.ts).
// Run by `npm run build` after type-checking.
import {build, type Plugin} from 'esbuild';
import {chmodSync, copyFileSync, readFileSync, rmSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {isPatched, MODULE_SWAPS, patchSource, SOURCE_PATCHES, swapFor, type ModuleSwap, type SourcePatch} from '../source/live/ink-swaps.js';

const live = resolve('source/live');
// The specifiers the swaps replace, for esbuild's filter (esbuild only calls back on a match).
const swappedSpecifiers = new RegExp(`^(${MODULE_SWAPS.map((swap) => swap.specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
const applied = new Set<ModuleSwap | SourcePatch>();

const inkSwaps: Plugin = {
	name: 'ink-swaps',
	setup(bundle) {
		bundle.onResolve({filter: swappedSpecifiers}, (args) => {
			const swap = swapFor(args.path, args.importer);
			if (!swap) return undefined;
			applied.add(swap);
			return {path: join(live, swap.replacement.replace(/\.js$/, '.ts'))};
		});
		bundle.onLoad({filter: /\/(ink\/build|yoga-layout\/dist\/(binaries|src)|string-width|slice-ansi|meow\/build)\/[^/]+\.js$/}, (args) => {
			if (!isPatched(args.path)) return undefined;
			const patched = patchSource(args.path, readFileSync(args.path, 'utf8'));
			for (const patch of patched.applied) applied.add(patch);
			return {contents: patched.source, loader: 'js', resolveDir: dirname(args.path)};
		});
	},
};

rmSync('dist', {recursive: true, force: true});
await build({
	entryPoints: ['cli.tsx'],
	outfile: 'dist/leakwatch.cjs',
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	define: {
		// React's production build: its development build keeps a performance measure per render.
		'process.env.NODE_ENV': '"production"',
		// A classic script has no import.meta: the launcher passes one in (source/launch.ts).
		'import.meta.url': 'leakwatchImportMeta.url',
		'import.meta': 'leakwatchImportMeta',
	},
	plugins: [inkSwaps],
	logLevel: 'warning',
});
await build({
	entryPoints: ['source/launch.ts'],
	outfile: 'dist/cli.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	banner: {js: '#!/usr/bin/env node'},
	logLevel: 'warning',
});

// Ink or Yoga changed where it imports these, or the code they rewrite: the dashboard would silently lose them.
const missing = [
	...MODULE_SWAPS.filter((swap) => !applied.has(swap)).map((swap) => swap.specifier),
	...SOURCE_PATCHES.filter((patch) => !applied.has(patch)).map((patch) => `${patch.file.source}: ${patch.find.split('\n')[0]}`),
];
if (missing.length > 0) throw new Error(`bundle: Ink or Yoga no longer matches ${missing.join(', ')} (source/live/ink-swaps.ts)`);

// Read at run time next to the code (source/decode/profile-schema.ts).
copyFileSync('source/decode/profile-fields.json', 'dist/profile-fields.json');
chmodSync('dist/cli.js', 0o755);
