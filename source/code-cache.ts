import {createHash} from 'node:crypto';
import {mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {isAbsolute, join} from 'node:path';
import vm from 'node:vm';

/**
 * V8's code cache for leakwatch's program (dist/leakwatch.cjs, one 1.4 MB
 * script): the bytecode of the functions a dashboard ran in its first
 * seconds, saved by that dashboard and handed to V8 at the next launch, which
 * then neither parses the script nor compiles those functions again. That is
 * about a fifth of the dashboard's start-up CPU (docs/performance.md).
 *
 * One file per user (the XDG cache directory), named by a hash of the program
 * and the Node version; V8 itself refuses data from another V8 or made under
 * other flags. V8 does not check the bytes it is given, and they become code,
 * so the file is used only from a directory that only this user can write,
 * with a SHA-256 of its contents in front, and it is written under another
 * name and renamed into place. LEAKWATCH_CODE_CACHE=0 turns all of it off.
 */
export interface CodeCache {
	/** What V8 saved last time for this program and Node, if it is there and intact. */
	readonly data: Buffer | undefined;
	/** Keeps `data` for the next launch; quietly does nothing where it cannot. */
	save(data: Buffer): void;
}

/** Where the launcher leaves the function that saves the cache, for the program to call when warm. */
export const CODE_CACHE_SAVER = Symbol.for('leakwatch.saveCodeCache');

const HASH_BYTES = 32;
const PREFIX = 'program-';
const SUFFIX = '.v8cache';
/** Cache files kept (the newest written), for as many builds or Node versions used in turn. */
const CACHES_KEPT = 3;

export function openCodeCache(program: Buffer, env: NodeJS.ProcessEnv = process.env): CodeCache {
	const dir = cacheDir(env);
	if (dir === undefined) return {data: undefined, save() {}};
	const key = sha256(program, Buffer.from(`${process.version} ${process.arch}`)).toString('hex').slice(0, 16);
	const name = `${PREFIX}${key}${SUFFIX}`;
	const file = join(dir, name);
	return {
		data: readOwn(dir, file),
		save(data) {
			const temporary = `${file}.${process.pid}.tmp`;
			const saved = quietly(() => {
				mkdirSync(dir, {recursive: true, mode: 0o700});
				writeFileSync(temporary, Buffer.concat([sha256(data), data]), {mode: 0o600});
				renameSync(temporary, file);
			});
			if (!saved) {
				quietly(() => unlinkSync(temporary));
				return;
			}
			// Caches of earlier builds or other Node versions would pile up, a megabyte each. A few
			// stay: two installs used in turn (a global one, a checkout) would otherwise remove each
			// other's at every launch.
			quietly(() => {
				const others = readdirSync(dir)
					.filter((other) => other !== name && other.startsWith(PREFIX) && other.endsWith(SUFFIX))
					.map((other) => ({path: join(dir, other), used: statSync(join(dir, other)).mtimeMs}))
					.sort((a, b) => b.used - a.used);
				for (const old of others.slice(CACHES_KEPT - 1)) unlinkSync(old.path);
			});
		},
	};
}

function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
	if (env.LEAKWATCH_CODE_CACHE === '0') return undefined;
	const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
	return join(base, 'leakwatch');
}

function readOwn(dir: string, file: string): Buffer | undefined {
	try {
		if (!ownedByUs(dir) || !ownedByUs(file)) return undefined;
		const stored = readFileSync(file);
		const data = stored.subarray(HASH_BYTES);
		return stored.length > HASH_BYTES && sha256(data).equals(stored.subarray(0, HASH_BYTES)) ? data : undefined;
	} catch {
		return undefined;
	}
}

/** Ours, and nobody else may write it (where there are owners: not on Windows). */
function ownedByUs(path: string): boolean {
	if (process.getuid === undefined) return true;
	const stat = statSync(path);
	return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/** A read-only or full disk costs the next launch its head start, nothing else. */
function quietly(run: () => void): boolean {
	try {
		run();
		return true;
	} catch {
		return false;
	}
}

function sha256(...parts: Buffer[]): Buffer {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(part);
	return hash.digest();
}

/**
 * The program as V8 compiles it, with `cachedData` if there is some: a function of the
 * names the bundle uses for require and import.meta (scripts/bundle.ts). Its first line,
 * a #! line, would be a syntax error inside the function: a comment of the same width
 * keeps the columns of error positions.
 */
export function programScript(program: Buffer, filename: string, cachedData?: Buffer): vm.Script {
	const source = `(function (require, leakwatchImportMeta) {${program.toString('utf8').replace(/^#!/, '//')}\n})`;
	return new vm.Script(source, {filename, cachedData});
}

/** Called by the program once it has done what it does at every launch: saves the cache if the launcher asked for one. */
export function saveCodeCache(): void {
	const global = globalThis as Record<symbol, (() => void) | undefined>;
	const save = global[CODE_CACHE_SAVER];
	global[CODE_CACHE_SAVER] = undefined;
	save?.();
}
