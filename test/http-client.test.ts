import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import {after, describe, it} from 'node:test';
import {httpGet, type HttpOptions} from '../source/fetch/http.js';
import {parseTarget} from '../source/target/config.js';
import {TargetClient} from '../source/target/client.js';
import {ResponseParseError, ResponseParser} from '../source/fetch/response-parser.js';

/** Feeds `bytes` to a parser split at `cut` (and again at `cut2`), then ends the connection if asked. */
function parse(bytes: string | Buffer, cuts: number[] = [], maxBytes = 1 << 20, end = false): ResponseParser {
	const buffer = Buffer.from(bytes);
	const parser = new ResponseParser(maxBytes);
	let from = 0;
	for (const cut of [...cuts, buffer.length]) {
		if (cut > from) parser.push(buffer.subarray(from, cut));
		from = Math.max(from, cut);
	}
	if (end) parser.end();
	return parser;
}

function problem(fn: () => void): string {
	try {
		fn();
	} catch (error) {
		if (error instanceof ResponseParseError) return error.problem;
		throw error;
	}
	return 'none';
}

describe('HTTP response parser', () => {
	const lengthFramed = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nX-A: 1\r\nX-A: 2\r\n\r\nhello world';
	const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n';

	it('reads length-framed and chunked bodies however the reads split them', () => {
		for (const text of [lengthFramed, chunked]) {
			for (let a = 0; a <= text.length; a++) {
				for (const b of [a, a + 1, a + 7, text.length - 2]) {
					const parser = parse(text, [a, b]);
					assert.ok(parser.complete, `complete when cut at ${a} and ${b}`);
					assert.equal(parser.body().toString(), 'hello world');
					assert.equal(parser.status, 200);
					assert.equal(parser.keepAlive, true);
				}
			}
		}
		assert.equal(parse(lengthFramed).headers['x-a'], '1, 2');
		assert.equal(parse(lengthFramed).headers['content-type'], 'text/plain');
	});

	it('skips interim responses, reads to the close when nothing frames the body, and honours Connection', () => {
		const interim = parse('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno');
		assert.equal(interim.status, 404);
		assert.equal(interim.body().toString(), 'no');
		const toClose = parse('HTTP/1.1 200 OK\r\n\r\nall of it', [22]);
		assert.equal(toClose.complete, false);
		toClose.end();
		assert.equal(toClose.body().toString(), 'all of it');
		assert.equal(toClose.keepAlive, false);
		assert.equal(parse('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').keepAlive, false);
		assert.equal(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').keepAlive, false);
		assert.equal(parse('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n').keepAlive, true);
		assert.equal(parse('HTTP/1.1 204 No Content\r\n\r\n').complete, true);
		assert.equal(parse('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab').keepAlive, false, 'bytes past the response');
	});

	it('refuses what is not HTTP, bad framing, oversized bodies and cut-off responses', () => {
		assert.equal(problem(() => parse(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5]))), 'not-http');
		assert.equal(problem(() => parse('<html>')), 'not-http');
		assert.equal(problem(() => parse('HTTP/2 200\r\n\r\n')), 'not-http');
		assert.equal(problem(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')), 'malformed');
		assert.equal(problem(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY')), 'malformed');
		assert.equal(problem(() => parse('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n')), 'malformed');
		assert.equal(problem(() => parse('HTTP/1.1 200 OK\r\nno colon\r\n\r\n')), 'malformed');
		assert.equal(problem(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n', [], 10)), 'too-large');
		assert.equal(problem(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\n', [], 10)), 'too-large');
		assert.equal(problem(() => parse('HTTP/1.1 200 OK\r\n\r\n0123456789ab', [], 10)), 'too-large');
		assert.equal(problem(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab', [], 10, true)), 'incomplete');
		assert.equal(problem(() => parse('HTTP/1.1 200 O', [], 10, true)), 'incomplete');
	});
});

describe('HTTP GET over plain HTTP', () => {
	const options: HttpOptions = {headers: {'x-token': 'secret'}, timeoutMs: 2000, maxBytes: 1 << 20, insecure: false};
	const servers: Array<http.Server | net.Server> = [];
	after(() => {
		for (const server of servers) server.close();
	});
	const listen = async <S extends http.Server | net.Server>(server: S): Promise<string> => {
		servers.push(server);
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
	};

	it('keeps one connection for sequential requests and sends the headers', async () => {
		let connections = 0;
		const seen: string[] = [];
		const server = http.createServer((request, response) => {
			seen.push(`${request.url} ${request.headers['x-token']} ${request.headers['user-agent']}`);
			response.end(request.url === '/big' ? 'x'.repeat(100_000) : 'ok');
		});
		server.on('connection', () => connections++);
		const base = await listen(server);
		for (let i = 0; i < 5; i++) assert.equal((await httpGet(new URL(`${base}/a?i=${i}`), options)).body.toString(), 'ok');
		assert.equal((await httpGet(new URL(`${base}/big`), options)).body.length, 100_000, 'a chunked body');
		assert.equal(connections, 1);
		assert.deepEqual(seen.slice(0, 2), ['/a?i=0 secret leakwatch', '/a?i=1 secret leakwatch']);
	});

	it('opens a new connection when the server dropped the idle one', async () => {
		let connections = 0;
		const server = http.createServer((_request, response) => response.end('ok'));
		server.on('connection', () => connections++);
		const base = await listen(server);
		assert.equal((await httpGet(new URL(base), options)).status, 200);
		server.closeIdleConnections();
		await new Promise((done) => setTimeout(done, 50));
		assert.equal((await httpGet(new URL(base), options)).body.toString(), 'ok');
		assert.equal(connections, 2);
	});

	it('gives back the last profile, undecoded, when the target serves the same bytes again', async () => {
		const profiles = ['goroutine-00.pb.gz', 'goroutine-00.pb.gz', 'goroutine-01.pb.gz'].map((name) => readFileSync(`test/fixtures/demo-run/${name}`));
		let served = 0;
		const base = await listen(http.createServer((_request, response) => response.end(profiles[served++])));
		const client = new TargetClient(parseTarget(base, {header: [], timeoutMs: 2000, maxBytes: 1 << 20, insecure: false, pprofPath: undefined, varsPath: undefined}));
		const first = await client.profile('goroutine');
		assert.equal(await client.profile('goroutine', {previous: first}), first);
		const changed = await client.profile('goroutine', {previous: first});
		assert.notEqual(changed, first);
		assert.notEqual(changed.profile, first.profile);
	});

	it('says what went wrong: not HTTP, cut off mid-response, bad framing, too slow', async () => {
		const tls = await listen(net.createServer((socket) => socket.end(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28]))));
		await assert.rejects(httpGet(new URL(tls), options), /did not answer with HTTP \(is it a TLS port\? try https:\/\/\)/);
		const cut = await listen(net.createServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nonly this')));
		await assert.rejects(httpGet(new URL(cut), options), /connection closed mid-response/);
		const badChunk = await listen(net.createServer((socket) => socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')));
		await assert.rejects(httpGet(new URL(badChunk), options), /^LeakwatchError: http:\/\/127\.0\.0\.1:\d+\/: malformed HTTP response$/);
		const silent = await listen(net.createServer(() => {}));
		await assert.rejects(httpGet(new URL(silent), {...options, timeoutMs: 200}), /did not answer within 0\.2s/);
	});
});
