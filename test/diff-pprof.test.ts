import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {runCli} from './helpers/cli.js';
import {GENPROFILE_BIN, needsGo, startDemo} from './helpers/demo.js';

/** `go tool pprof -top -diff_base` flat values per function, exact (bytes unscaled). */
function pprofFlat(base: string, current: string, sampleIndex: string): Map<string, number> {
	const out = execFileSync(
		'go',
		['tool', 'pprof', '-top', '-nodecount=1000000', '-nodefraction=0', '-edgefraction=0', `-sample_index=${sampleIndex}`, '-unit=B', '-diff_base', base, current],
		{encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20},
	);
	const flat = new Map<string, number>();
	let inTable = false;
	for (const line of out.split('\n')) {
		if (/^\s+flat\s+flat%/.test(line)) {
			inTable = true;
			continue;
		}
		if (!inTable || line.trim() === '') continue;
		const match = /^\s*(-?\d+)B?\s+\S+\s+\S+\s+-?\d+B?\s+\S+\s+(.+?)(?:\s+\((?:partial-)?inline\))?$/.exec(line);
		assert.ok(match, `unexpected pprof line: ${line}`);
		const value = Number(match[1]);
		if (value !== 0) flat.set(match[2]!, value);
	}
	return flat;
}

/** The total pprof reports for one profile ("… of 37 total"). */
function pprofTotal(file: string): number {
	const out = execFileSync('go', ['tool', 'pprof', '-top', '-nodecount=1', file], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	const match = /of (-?\d+)B? total/.exec(out);
	assert.ok(match, out);
	return Number(match[1]);
}

async function ours(base: string, current: string, sample?: string) {
	const args = ['diff', base, current, '--json', ...(sample ? ['--sample', sample] : [])];
	const result = await runCli(args);
	assert.equal(result.code, 0, result.stderr);
	return JSON.parse(result.stdout) as {
		sampleType: string;
		unit: string;
		totalDelta: number;
		sites: Array<{function: string; file: string; line: number; base: number; current: number; delta: number}>;
	};
}

function assertSame(pprof: Map<string, number>, result: Awaited<ReturnType<typeof ours>>) {
	const mine = new Map(result.sites.map((site) => [site.function, site.delta]));
	assert.equal(mine.size, result.sites.length, 'one row per function');
	assert.deepEqual(Object.fromEntries([...mine].sort()), Object.fromEntries([...pprof].sort()));
	for (let i = 1; i < result.sites.length; i++) assert.ok(result.sites[i - 1]!.delta >= result.sites[i]!.delta, 'largest delta first');
}

describe('leakwatch diff equals go tool pprof -top -diff_base', {skip: needsGo}, () => {
	let dir = '';
	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'leakwatch-diff-'));
		execFileSync(GENPROFILE_BIN, ['-depth', '13', '-seed', '1', '-out', join(dir, 'gen-a.pb.gz')]);
		execFileSync(GENPROFILE_BIN, ['-depth', '13', '-seed', '2', '-out', join(dir, 'gen-b.pb.gz')]);
		const demo = await startDemo(['-leak-bytes', String(1 << 20), '-leak-goroutines', '10']);
		try {
			const save = async (suffix: string) => {
				for (const kind of ['heap', 'goroutine']) {
					const response = await fetch(`${demo.url}/debug/pprof/${kind}`);
					writeFileSync(join(dir, `demo-${kind}-${suffix}.pb.gz`), Buffer.from(await response.arrayBuffer()));
				}
			};
			await delay(1500);
			await save('a');
			await delay(4000);
			await save('b');
		} finally {
			await demo.stop();
		}
	});
	after(() => rmSync(dir, {recursive: true, force: true}));

	for (const sample of ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects']) {
		it(`on 2^13 generated stacks, ${sample}`, async () => {
			const base = join(dir, 'gen-a.pb.gz');
			const current = join(dir, 'gen-b.pb.gz');
			const result = await ours(base, current, sample);
			assert.equal(result.sampleType, sample);
			assertSame(pprofFlat(base, current, sample), result);
		});
	}

	it('on heap profiles of the live demo (default sample type inuse_space)', async () => {
		const base = join(dir, 'demo-heap-a.pb.gz');
		const current = join(dir, 'demo-heap-b.pb.gz');
		const result = await ours(base, current);
		assert.equal(result.sampleType, 'inuse_space');
		assert.equal(result.unit, 'bytes');
		assertSame(pprofFlat(base, current, 'inuse_space'), result);
		assert.equal(result.sites[0]!.function, 'main.(*sessionStore).remember');
		assert.equal(result.totalDelta, result.sites.reduce((sum, site) => sum + site.delta, 0));
	});

	it('on goroutine profiles of the live demo: ranked by the function the dashboard names each group by, totals as pprof', async () => {
		const base = join(dir, 'demo-goroutine-a.pb.gz');
		const current = join(dir, 'demo-goroutine-b.pb.gz');
		const result = await ours(base, current);
		assert.equal(result.sampleType, 'goroutine');
		// Every goroutine's leaf is runtime.gopark: pprof's flat ranking names that; ours names whose goroutines they are.
		assert.equal(result.sites[0]!.function, 'main.handleJob');
		assert.ok(result.sites.every((site) => !site.function.startsWith('runtime.')));
		// Named as the dashboard names groups: not after the standard library's waiting primitives.
		assert.ok(result.sites.every((site) => !/^(internal\/poll|sync|time)\./.test(site.function)), JSON.stringify(result.sites.map((site) => site.function)));
		// pprof's -top of a goroutine diff sometimes leaves a goroutine out of every row: compare with each file's total.
		assert.equal(result.totalDelta, pprofTotal(current) - pprofTotal(base));
	});

	it('says when the two files are different kinds of profile', async () => {
		const result = await runCli(['diff', join(dir, 'demo-heap-a.pb.gz'), join(dir, 'demo-goroutine-b.pb.gz')]);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /^leakwatch: the two files are different kinds of profile \(BASE has alloc_objects, alloc_space, inuse_objects, inuse_space, CURRENT has goroutine\): diff two heap or two goroutine profiles\n$/);
	});

	it('--top limits the rows, the text report is readable', async () => {
		const result = await runCli(['diff', join(dir, 'gen-a.pb.gz'), join(dir, 'gen-b.pb.gz'), '--top', '3']);
		assert.equal(result.code, 0);
		assert.match(result.stdout, /^inuse_space \(bytes\): total/);
		const rows = result.stdout.split('\n').filter((line) => /^\s+[-+]\d/.test(line));
		assert.equal(rows.length, 3, result.stdout);
		assert.match(result.stdout, /… \d+ more/);
	});

	it('a sample type missing from the profiles is a usage error', async () => {
		const result = await runCli(['diff', join(dir, 'demo-goroutine-a.pb.gz'), join(dir, 'demo-goroutine-b.pb.gz'), '--sample', 'inuse_space']);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /^leakwatch: sample type "inuse_space" is not in both profiles \(available: goroutine\)\n$/);
	});
});
