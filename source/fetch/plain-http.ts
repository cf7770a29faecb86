import net from 'node:net';
import {LeakwatchError} from '../errors.js';
import {closedMidResponse, describeUrl, networkError, notHttp, timedOut, tooLarge} from './http-errors.js';
import type {HttpOptions, HttpResponse} from './http.js';
import {ResponseParseError, ResponseParser} from './response-parser.js';

/**
 * GET over plain HTTP/1.1 on raw sockets, kept alive between requests: the
 * dashboard polls the same two endpoints every second for hours, and for that
 * Node's http client is four times the CPU (response-parser.ts says why this
 * is enough). One request at a time per connection; a connection is reused
 * only after its response ended cleanly and the server did not ask to close.
 */

/** Idle connections kept per host:port (requests to one target never overlap). */
const MAX_IDLE = 2;
const idle = new Map<string, Array<{socket: net.Socket; drop: () => void}>>();

export async function plainGet(url: URL, headers: Readonly<Record<string, string>>, options: HttpOptions): Promise<HttpResponse> {
	const reused = takeIdle(url.host);
	try {
		return await exchange(url, headers, options, reused);
	} catch (error) {
		// The server closed the idle connection just as we reused it: once more on a new one.
		if (error instanceof StaleConnection) return exchange(url, headers, options, undefined);
		throw error;
	}
}

class StaleConnection extends Error {}

function exchange(url: URL, headers: Readonly<Record<string, string>>, options: HttpOptions, reused: net.Socket | undefined): Promise<HttpResponse> {
	return new Promise((resolve, reject) => {
		const socket = reused ?? net.connect({host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port || 80)});
		const parser = new ResponseParser(options.maxBytes);
		let received = false;
		let settled = false;

		const settle = (error: Error | undefined) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			socket.off('data', onData).off('end', onEnd).off('close', onEnd).off('error', onError);
			if (error) {
				socket.destroy();
				reject(error);
				return;
			}
			if (parser.keepAlive) park(url.host, socket);
			else socket.destroy();
			resolve({status: parser.status, headers: parser.headers, body: parser.body(), url});
		};
		const parseFailure = (error: unknown): Error => {
			if (!(error instanceof ResponseParseError)) return error as Error;
			if (error.problem === 'too-large') return tooLarge(url, options.maxBytes);
			if (error.problem === 'not-http') return notHttp(url);
			if (error.problem === 'incomplete') return closedMidResponse(url);
			return new LeakwatchError('bad-content', `${describeUrl(url)}: malformed HTTP response`);
		};
		const onData = (chunk: Buffer) => {
			received = true;
			try {
				parser.push(chunk);
			} catch (error) {
				settle(parseFailure(error));
				return;
			}
			if (parser.complete) settle(undefined);
		};
		const onEnd = () => {
			if (!received && reused) {
				settle(new StaleConnection());
				return;
			}
			try {
				parser.end();
				settle(undefined);
			} catch (error) {
				settle(parseFailure(error));
			}
		};
		const onError = (error: Error) => settle(!received && reused ? new StaleConnection() : networkError(url, error));
		const onAbort = () => settle(new LeakwatchError('unreachable', 'request cancelled'));

		socket.on('data', onData).on('end', onEnd).on('close', onEnd).on('error', onError);
		socket.ref();
		// A deadline on the whole exchange: a server that trickles bytes must not hold us forever.
		const timer = setTimeout(() => settle(timedOut(url, options.timeoutMs)), options.timeoutMs);
		if (options.signal?.aborted) {
			onAbort();
			return;
		}
		options.signal?.addEventListener('abort', onAbort, {once: true});
		socket.setNoDelay(true);
		socket.write(requestHead(url, headers));
	});
}

function requestHead(url: URL, headers: Readonly<Record<string, string>>): string {
	// Header values were checked for CR and LF where the user gave them (target/config.ts).
	let head = `GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
	for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
	return `${head}\r\n`;
}

function takeIdle(key: string): net.Socket | undefined {
	const sockets = idle.get(key);
	const entry = sockets?.pop();
	if (sockets?.length === 0) idle.delete(key);
	if (!entry) return undefined;
	entry.socket.off('data', entry.drop).off('end', entry.drop).off('close', entry.drop).off('error', entry.drop);
	return entry.socket;
}

/** Keeps a connection for the next request; anything it hears meanwhile ends it. */
function park(key: string, socket: net.Socket): void {
	const sockets = idle.get(key) ?? [];
	if (sockets.length >= MAX_IDLE || socket.destroyed) {
		socket.destroy();
		return;
	}
	const entry = {
		socket,
		drop: () => {
			socket.destroy();
			const list = idle.get(key);
			const index = list?.indexOf(entry) ?? -1;
			if (index >= 0) list!.splice(index, 1);
			if (list?.length === 0) idle.delete(key);
		},
	};
	socket.on('data', entry.drop).on('end', entry.drop).on('close', entry.drop).on('error', entry.drop);
	// An idle connection does not keep the process alive (leakwatch check ends on its own).
	socket.unref();
	sockets.push(entry);
	idle.set(key, sockets);
}
