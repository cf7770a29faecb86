import assert from 'node:assert/strict';
import {chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {openCodeCache, programScript} from '../source/code-cache.js';
import {CLI} from './helpers/cli.js';
import {hasTmux, Tmux} from './helpers/tmux.js';

const scratch = mkdtempSync(join(tmpdir(), 'leakwatch-code-cache-'));
after(() => rmSync(scratch, {recursive: true, force: true}));
let dirs = 0;
const cacheHome = () => join(scratch, String(dirs++));
const cacheFiles = (home: string) => (existsSync(join(home, 'leakwatch')) ? readdirSync(join(home, 'leakwatch')) : []);

// A small program written as the bundle is: CommonJS require, import.meta passed in, a #! line.
const program = Buffer.from('#!/usr/bin/env node\nleakwatchImportMeta.name = require("node:path").basename(leakwatchImportMeta.url, ".cjs");\n');
const run = (script: ReturnType<typeof programScript>) => {
	const meta: {url: string; name?: string} = {url: 'file:///x/leakwatch.cjs'};
	(script.runInThisContext() as (require: NodeJS.Require, importMeta: typeof meta) => void)(createRequire(import.meta.url), meta);
	return meta.name;
};

describe('V8 code cache for the program (code-cache.ts)', () => {
	it('runs the program as a function of require and import.meta, and V8 takes back the cache it made', () => {
		const script = programScript(program, '/x/leakwatch.cjs');
		assert.equal(run(script), 'leakwatch');
		const again = programScript(program, '/x/leakwatch.cjs', script.createCachedData());
		assert.equal(again.cachedDataRejected, false);
		assert.equal(run(again), 'leakwatch');
	});

	it('keeps one private file per program and Node, and gives back only what it wrote', () => {
		const home = cacheHome();
		const env = {XDG_CACHE_HOME: home};
		const cache = openCodeCache(program, env);
		assert.equal(cache.data, undefined, 'nothing yet');
		const data = Buffer.from('bytecode, as far as this test knows');
		cache.save(data);
		assert.deepEqual(openCodeCache(program, env).data, data);
		const [name] = cacheFiles(home);
		assert.match(name ?? '', /^program-[0-9a-f]{16}\.v8cache$/);
		assert.equal(statSync(join(home, 'leakwatch')).mode & 0o777, 0o700);
		assert.equal(statSync(join(home, 'leakwatch', name!)).mode & 0o777, 0o600);

		// Other builds: a file each, and the oldest goes once there are more than three.
		const build = (n: number) => Buffer.concat([program, Buffer.from(`// build ${n}\n`)]);
		assert.equal(openCodeCache(build(1), env).data, undefined);
		utimesSync(join(home, 'leakwatch', name!), 1, 1);
		for (let n = 1; n <= 3; n++) openCodeCache(build(n), env).save(data);
		assert.equal(cacheFiles(home).length, 3);
		assert.ok(!cacheFiles(home).includes(name!), 'the oldest is gone');
		for (let n = 1; n <= 3; n++) assert.deepEqual(openCodeCache(build(n), env).data, data);
	});

	it('ignores a damaged file, a directory others can write, and LEAKWATCH_CODE_CACHE=0; never fails to save', () => {
		const home = cacheHome();
		const env = {XDG_CACHE_HOME: home};
		openCodeCache(program, env).save(Buffer.alloc(4096, 7));
		const file = join(home, 'leakwatch', cacheFiles(home)[0]!);
		const stored = readFileSync(file);
		stored[2000] = stored[2000]! ^ 1;
		writeFileSync(file, stored);
		assert.equal(openCodeCache(program, env).data, undefined, 'one bit flipped');
		writeFileSync(file, stored.subarray(0, 20));
		assert.equal(openCodeCache(program, env).data, undefined, 'truncated');

		openCodeCache(program, env).save(Buffer.alloc(4096, 7));
		assert.ok(openCodeCache(program, env).data);
		chmodSync(join(home, 'leakwatch'), 0o777);
		assert.equal(openCodeCache(program, env).data, undefined, 'a directory anyone can write');

		const off = cacheHome();
		const disabled = openCodeCache(program, {XDG_CACHE_HOME: off, LEAKWATCH_CODE_CACHE: '0'});
		disabled.save(Buffer.alloc(16));
		assert.equal(disabled.data, undefined);
		assert.deepEqual(cacheFiles(off), []);

		const blocked = join(scratch, 'a-file');
		writeFileSync(blocked, '');
		assert.doesNotThrow(() => openCodeCache(program, {XDG_CACHE_HOME: blocked}).save(Buffer.alloc(16)));
	});

	it('a dashboard saves a cache that the next launch can use (tmux, also with DEV=true)', {skip: hasTmux ? false : 'needs tmux'}, async () => {
		const home = cacheHome();
		// DEV=true once made Ink load React devtools, which leakwatch does not ship.
		const term = new Tmux('cache', `XDG_CACHE_HOME=${home} DEV=true node ${CLI} replay test/fixtures/recording`, {columns: 110, rows: 34});
		try {
			await term.waitFor(/remember/);
			const deadline = Date.now() + 30_000;
			while (cacheFiles(home).length === 0 && Date.now() < deadline) await delay(250);
			term.send('q');
			await term.waitFor(/EXIT=0/);
		} finally {
			term.kill();
		}
		const bundle = resolve(CLI, '..', 'leakwatch.cjs');
		const built = readFileSync(bundle);
		const data = openCodeCache(built, {XDG_CACHE_HOME: home}).data;
		assert.ok(data, 'the dashboard saved a cache');
		// V8 refuses a cache made under other flags; the dashboard changes two at run time (jit-tuning.ts).
		assert.equal(programScript(built, bundle, data).cachedDataRejected, false);
	});
});
