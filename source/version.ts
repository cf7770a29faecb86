/** @module leakwatch's version, read from package.json. */
import {readFileSync} from 'node:fs';

/** leakwatch's version from package.json (found from source/ under tsx and from dist/ when built). */
export function version(): string {
	for (const relative of ['../package.json', '../../package.json']) {
		try {
			const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {name?: string; version?: string};
			if (pkg.name === 'leakwatch' && pkg.version) return pkg.version;
		} catch {
			// try the next place
		}
	}
	return 'unknown';
}
