// Builds the command: dist/cli.js (cli.tsx and everything it imports, Ink and
// React included, as one ES module) and dist/decode-thread.js (the profile
// decoding thread). One file per entry instead of hundreds of modules: the
// package installs without runtime dependencies, and starts faster. Ink is
// taken from node_modules as patch-package left it (patches/, applied at
// install). Run by `npm run build` after type-checking.
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
await build({...common, entryPoints: ['cli.tsx'], outfile: 'dist/cli.js', banner: common.banner});
await build({...common, entryPoints: ['source/decode/decode-thread.ts'], outfile: 'dist/decode-thread.js'});
chmodSync('dist/cli.js', 0o755);
