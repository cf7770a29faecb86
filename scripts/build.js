// Builds the command: dist/cli.js (cli.tsx), dist/decode-thread.js (the
// profile decoding thread) and the chunks they share or load on demand (each
// command, the dashboard with Ink and React). A few files instead of hundreds
// of modules: the package installs without runtime dependencies, and starts
// faster. Dependencies are bundled as they install: nothing is rewritten at
// build time. Run by `npm run build` after type-checking.
import {build} from 'esbuild';
import {chmodSync, rmSync} from 'node:fs';

rmSync('dist', {recursive: true, force: true});
const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	// React's production build: its development build keeps a performance measure per render.
	define: {'process.env.NODE_ENV': '"production"'},
	// Bundled CommonJS (React, Ink's dependencies) calls require() for Node's own modules.
	banner: {js: "import {createRequire as leakwatchRequire} from 'node:module'; const require = leakwatchRequire(import.meta.url);"},
	// Ink's optional React devtools, imported only with DEV=true (which cli.tsx clears): left out.
	external: ['./devtools.js'],
	logLevel: 'warning',
};
// Split where main.ts imports a command: `diff` and `check` never load React, Ink or Yoga.
await build({
	...common,
	entryPoints: {'cli': 'cli.tsx', 'decode-thread': 'source/decode/decode-thread.ts'},
	outdir: 'dist',
	splitting: true,
	chunkNames: '[name]-[hash]',
});
chmodSync('dist/cli.js', 0o755);
