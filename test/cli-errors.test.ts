import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {gzipSync} from 'node:zlib';
import {runCli, type CliResult} from './helpers/cli.js';
import {goLikeRoutes, serve, startFakeTarget, type FakeTarget} from './helpers/fake-target.js';

/** Exit 2, one line on stderr, nothing on stdout, no stack trace. */
function assertUsageError(result: CliResult, pattern: RegExp) {
	assert.equal(result.code, 2, `exit code; stderr: ${result.stderr}`);
	assert.equal(result.stdout, '');
	assert.match(result.stderr, /^leakwatch: [^\n]+\n$/, `one line: ${JSON.stringify(result.stderr)}`);
	assert.match(result.stderr, pattern);
	assert.doesNotMatch(result.stderr, /\n\s+at /);
}

const heapFixture = readFileSync('test/fixtures/demo-run/heap-03.pb.gz');

describe('bad command lines', {concurrency: true}, () => {
	const cases: Array<[string[], RegExp]> = [
		[['--bogus'], /unknown flag --bogus/],
		[['check', '--duration', 'forever'], /--duration must be a duration/],
		[['check', '--interval', '-1'], /--interval/],
		[['check', 'ftp://host:6060'], /unsupported URL scheme/],
		[['check', 'http://[::1'], /not a URL/],
		[['check', 'a', 'b'], /one URL/],
		[['check', '--max-heap-growth', 'lots'], /--max-heap-growth must be a size/],
		[['check', '--header', 'no colon here'], /--header must look like "Name: value"/],
		[['diff', 'only-one.pb.gz'], /two profile files/],
		[['diff', 'a', 'b', '--sample', 'cpu'], /--sample must be one of inuse_space, inuse_objects, alloc_space, alloc_objects/],
		[['diff', 'a', 'b', '--duration', '5s'], /--duration does not apply to leakwatch diff/],
		[['check', '--timeout', '5s', '--timeout', '6s'], /only be set once/],
		[['check', '--duraton', '5s'], /unknown flag --duraton \(did you mean --duration\?\)/],
		[['fleet', '--prometeus', 'http://p:9090'], /did you mean --prometheus\?/],
	];
	for (const [args, pattern] of cases) {
		it(`leakwatch ${args.join(' ')}`, async () => assertUsageError(await runCli(args), pattern));
	}
});

describe('help and pasted URLs', {concurrency: true}, () => {
	it('each command\'s --help shows that command\'s options and not the others\'', async () => {
		const check = await runCli(['check', '--help']);
		assert.equal(check.code, 0);
		assert.match(check.stdout, /leakwatch check \[URL\]/);
		assert.match(check.stdout, /--max-heap-growth/);
		assert.doesNotMatch(check.stdout, /--prometheus|--selector/);
		const fleet = await runCli(['fleet', '--help']);
		assert.match(fleet.stdout, /--prometheus/);
		assert.match(fleet.stdout, /--memory-limit/);
		assert.doesNotMatch(fleet.stdout, /--max-heap-growth/);
	});

	it('a pasted endpoint URL is taken as its base, with a one-line note', async () => {
		const target = await startFakeTarget(goLikeRoutes());
		try {
			for (const pasted of ['/debug/pprof/heap', '/debug/pprof/goroutine?debug=2', '/debug/vars', '/metrics']) {
				const result = await runCli(['check', `${target.url}${pasted}`, '--duration', '1s', '--interval', '200ms', '--json']);
				assert.ok(result.code === 0 || result.code === 1, `${pasted}: ${result.stderr}`);
				assert.equal(JSON.parse(result.stdout).target, target.url, pasted);
				assert.match(result.stderr, /^leakwatch: .*\n$/, pasted);
				assert.match(result.stderr, new RegExp(`taking ${target.url.replaceAll('.', '\\.')}`), pasted);
			}
		} finally {
			await target.close();
		}
	});
});

describe('output into a closed pipe', () => {
	it('leakwatch diff … | head -1 ends quietly', () => {
		const fixture = 'test/fixtures/demo-run';
		const result = spawnSync('sh', ['-c', `node dist/cli.js diff ${fixture}/heap-00.pb.gz ${fixture}/heap-07.pb.gz --top 50 | head -1`], {encoding: 'utf8'});
		assert.equal(result.stderr, '');
		assert.match(result.stdout, /^inuse_space \(bytes\): total/);
	});
});

describe('bad profile files', () => {
	let dir = '';
	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'leakwatch-bad-'));
		writeFileSync(join(dir, 'good.pb.gz'), heapFixture);
		writeFileSync(join(dir, 'truncated.pb.gz'), heapFixture.subarray(0, 200));
		writeFileSync(join(dir, 'page.html'), '<!DOCTYPE html><html><body>Sign in</body></html>');
		writeFileSync(join(dir, 'garbage.pb.gz'), gzipSync(Buffer.from([0x12, 0xff, 0xff, 0xff, 0x7f, 0x00])));
	});
	after(() => rmSync(dir, {recursive: true, force: true}));

	const cases: Array<[string, RegExp]> = [
		['missing.pb.gz', /missing\.pb\.gz: no such file/],
		['truncated.pb.gz', /truncated/],
		['page.html', /text, not a profile \(got HTML\)/],
		['garbage.pb.gz', /not a valid profile/],
	];
	for (const [file, pattern] of cases) {
		it(file, async () => assertUsageError(await runCli(['diff', join(dir, 'good.pb.gz'), join(dir, file)]), pattern));
	}
});

describe('targets that are not what we expect', {concurrency: true}, () => {
	let target: FakeTarget;
	let closedPort = 0;
	before(async () => {
		target = await startFakeTarget({});
		const server = net.createServer();
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		closedPort = (server.address() as net.AddressInfo).port;
		await new Promise((done) => server.close(done));
	});
	after(() => target.close());

	const check = (prefix: string, ...extra: string[]) => runCli(['check', `${target.url}${prefix}`, '--duration', '1s', '--interval', '200ms', ...extra]);
	const mount = (prefix: string, routes: ReturnType<typeof goLikeRoutes>) => {
		for (const [path, route] of Object.entries(routes)) target.routes[`${prefix}${path}`] = route;
	};

	it('nothing listening', async () => {
		assertUsageError(await runCli(['check', `127.0.0.1:${closedPort}`, '--duration', '1s']), /connection refused/);
	});

	it('pprof not registered (plain 404)', async () => {
		assertUsageError(await check('/nopprof'), /import _ "net\/http\/pprof"/);
	});

	it('401 and 403 ask for --header', async () => {
		target.routes['/locked/debug/pprof/'] = serve('unauthorized', 'text/plain', 401);
		target.routes['/forbidden/debug/pprof/'] = serve('forbidden', 'text/plain', 403);
		assertUsageError(await check('/locked'), /401 Unauthorized; pass credentials with --header/);
		assertUsageError(await check('/forbidden'), /403 Forbidden; pass credentials with --header/);
	});

	it('a catch-all HTML page where the index should be', async () => {
		target.routes['/html/debug/pprof/'] = serve('<html><body>Welcome to our app</body></html>', 'text/html');
		assertUsageError(await check('/html'), /not the net\/http\/pprof index page/);
	});

	it('HTML where /debug/vars should be', async () => {
		mount('/htmlvars', goLikeRoutes());
		target.routes['/htmlvars/debug/vars'] = serve('<!DOCTYPE html><html>login</html>', 'text/html');
		assertUsageError(await check('/htmlvars'), /debug\/vars is not JSON \(got HTML\)/);
	});

	it('a truncated heap profile', async () => {
		mount('/trunc', goLikeRoutes());
		target.routes['/trunc/debug/pprof/heap'] = serve(heapFixture.subarray(0, 300));
		assertUsageError(await check('/trunc'), /heap profile from .* is truncated/);
	});

	it('a response past --max-response', async () => {
		mount('/big', goLikeRoutes());
		target.routes['/big/debug/pprof/heap'] = serve(Buffer.alloc(64 * 1024, 1));
		assertUsageError(await check('/big', '--max-response', '16KB'), /sent more than .* \(raise --max-response\)/);
	});

	it('an endpoint that never answers times out', async () => {
		target.routes['/hang/debug/pprof/'] = () => {
			// never respond
		};
		const started = Date.now();
		assertUsageError(await check('/hang', '--timeout', '500ms'), /did not answer within 0\.5s/);
		assert.ok(Date.now() - started < 10_000);
	});
});
