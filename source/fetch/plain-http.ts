import net from 'node:net';
import {LeakwatchError} from '../errors.js';
import {cancelled, closedMidResponse, describeUrl, guardExchange, networkError, notHttp, tooLarge} from './http-errors.js';
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
const idle = new Map<string, Connection[]>();

export async function plainGet(url: URL, headers: Readonly<Record<string, string>>, options: HttpOptions): Promise<HttpResponse> {
	const reused = idle.get(url.host)?.pop();
	try {
		return await (reused ?? new Connection(url)).get(url, headers, options, reused !== undefined);
	} catch (error) {
		// The server closed the idle connection just as we reused it: once more on a new one.
		if (error instanceof StaleConnection) return new Connection(url).get(url, headers, options, false);
		throw error;
	}
}

class StaleConnection extends Error {}

/** What the socket's events go to while a request is in flight. */
interface Exchange {
	data(chunk: Buffer): void;
	end(): void;
	error(error: Error): void;
}

/**
 * One socket and its listeners, set once: between requests anything the
 * socket reports (data, close, error) ends the connection.
 */
class Connection {
	private readonly socket: net.Socket;
	private readonly key: string;
	private exchange: Exchange | undefined;

	constructor(url: URL) {
		this.key = url.host;
		this.socket = net.connect({host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port || 80)});
		this.socket.setNoDelay(true);
		this.socket.on('data', (chunk: Buffer) => (this.exchange ? this.exchange.data(chunk) : this.close()));
		this.socket.on('end', () => (this.exchange ? this.exchange.end() : this.close()));
		this.socket.on('close', () => (this.exchange ? this.exchange.end() : this.close()));
		this.socket.on('error', (error: Error) => (this.exchange ? this.exchange.error(error) : this.close()));
	}

	get(url: URL, headers: Readonly<Record<string, string>>, options: HttpOptions, reused: boolean): Promise<HttpResponse> {
		return new Promise((resolve, reject) => {
			const parser = new ResponseParser(options.maxBytes);
			let received = false;
			const settle = (error: Error | undefined) => {
				if (this.exchange !== exchange) return;
				this.exchange = undefined;
				disarm();
				if (error) {
					this.close();
					reject(error);
					return;
				}
				if (parser.keepAlive) this.park();
				else this.close();
				resolve({status: parser.status, headers: parser.headers, body: parser.body(), url});
			};
			const parseFailure = (error: unknown): Error => {
				if (!(error instanceof ResponseParseError)) return error as Error;
				if (error.problem === 'too-large') return tooLarge(url, options.maxBytes);
				if (error.problem === 'not-http') return notHttp(url);
				if (error.problem === 'incomplete') return closedMidResponse(url);
				return new LeakwatchError('bad-content', `${describeUrl(url)}: malformed HTTP response`);
			};
			const exchange: Exchange = {
				data: (chunk) => {
					received = true;
					try {
						parser.push(chunk);
					} catch (error) {
						settle(parseFailure(error));
						return;
					}
					if (parser.complete) settle(undefined);
				},
				end: () => {
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
				},
				error: (error) => settle(!received && reused ? new StaleConnection() : networkError(url, error)),
			};
			this.exchange = exchange;
			this.socket.ref();
			const disarm = guardExchange(url, options, settle);
			if (options.signal?.aborted) {
				settle(cancelled());
				return;
			}
			this.socket.write(requestHead(url, headers));
		});
	}

	/** Keeps the connection for the next request to the same host. */
	private park(): void {
		const parked = idle.get(this.key) ?? [];
		if (parked.length >= MAX_IDLE || this.socket.destroyed) {
			this.close();
			return;
		}
		// An idle connection does not keep the process alive (leakwatch check ends on its own).
		this.socket.unref();
		parked.push(this);
		idle.set(this.key, parked);
	}

	private close(): void {
		this.socket.destroy();
		const parked = idle.get(this.key);
		const index = parked?.indexOf(this) ?? -1;
		if (index >= 0) parked!.splice(index, 1);
		if (parked?.length === 0) idle.delete(this.key);
	}
}

function requestHead(url: URL, headers: Readonly<Record<string, string>>): string {
	// Header values were checked for CR and LF where the user gave them (target/config.ts).
	let head = `GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
	for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
	return `${head}\r\n`;
}
