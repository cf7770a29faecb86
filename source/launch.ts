import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {CODE_CACHE_SAVER, openCodeCache, programScript} from './code-cache.js';

/**
 * The `leakwatch` command (dist/cli.js). It runs the program, dist/leakwatch.cjs
 * (cli.tsx and all it imports, bundled as one classic script by
 * scripts/bundle.ts), through V8's code cache (code-cache.ts), which Node 20
 * offers for classic scripts only. Everything else happens in the program.
 */
function launch(): void {
	const url = new URL('leakwatch.cjs', import.meta.url);
	const file = fileURLToPath(url);
	const program = readFileSync(file);
	const cache = openCodeCache(program);
	const script = programScript(program, file, cache.data);
	if (cache.data === undefined || script.cachedDataRejected) {
		(globalThis as Record<symbol, unknown>)[CODE_CACHE_SAVER] = () => cache.save(script.createCachedData());
	}
	(script.runInThisContext() as (require: NodeJS.Require, importMeta: {url: string}) => void)(createRequire(file), {url: url.href});
}

launch();
