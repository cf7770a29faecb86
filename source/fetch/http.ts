import https from 'node:https';
import {LeakwatchError} from '../errors.js';
import {cancelled, closedMidResponse, describeUrl, guardExchange, networkError, tooLarge} from './http-errors.js';
import {plainGet} from './plain-http.js';

export {describeUrl} from './http-errors.js';

/**
 * HTTP GET with the guarantees a tool pointed at production needs: a hard
 * deadline on the whole request, a cap on the body size, no credentials
 * carried to another host on a redirect, and typed errors. Knows nothing
 * about Go.
 */
export interface HttpOptions {
	/** Sent with every request to the target's own origin (auth, custom headers). */
	readonly headers: Readonly<Record<string, string>>;
	readonly timeoutMs: number;
	readonly maxBytes: number;
	readonly insecure: boolean;
	/** Aborts the request (quitting the dashboard). */
	readonly signal?: AbortSignal;
}

export interface HttpResponse {
	readonly status: number;
	/** Lower-case names. */
	readonly headers: Readonly<Record<string, string | string[] | undefined>>;
	readonly body: Buffer;
	readonly url: URL;
}

const MAX_REDIRECTS = 5;
/** Sent with every request, before the caller's headers. */
const BASE_HEADERS: Readonly<Record<string, string>> = {'user-agent': 'leakwatch', 'accept-encoding': 'identity'};

// Kept-alive connections save the target a TLS handshake per poll.
const httpsAgent = new https.Agent({keepAlive: true, maxSockets: 4, maxFreeSockets: 4});
const insecureAgent = new https.Agent({keepAlive: true, maxSockets: 4, maxFreeSockets: 4, rejectUnauthorized: false});

export async function httpGet(url: URL, options: HttpOptions): Promise<HttpResponse> {
	const origin = url.origin;
	let current = url;
	for (let hop = 0; ; hop++) {
		// Credentials and custom headers belong to the target: never send them elsewhere.
		const headers = {...BASE_HEADERS, ...(current.origin === origin ? options.headers : {})};
		// Plain HTTP, the usual pprof listener, takes the lean path (plain-http.ts); TLS takes Node's.
		const response = current.protocol === 'http:' ? await plainGet(current, headers, options) : await tlsGet(current, headers, options);
		const location = response.headers.location;
		if (response.status >= 300 && response.status < 400 && typeof location === 'string' && location !== '') {
			if (hop >= MAX_REDIRECTS) throw new LeakwatchError('http-status', `too many redirects from ${describeUrl(url)}`);
			const next = new URL(location, current);
			if (next.protocol !== 'http:' && next.protocol !== 'https:') {
				throw new LeakwatchError('http-status', `${describeUrl(url)} redirects to an unsupported URL scheme`);
			}
			current = next;
			continue;
		}
		return response;
	}
}

function tlsGet(url: URL, headers: Readonly<Record<string, string>>, options: HttpOptions): Promise<HttpResponse> {
	return new Promise((resolve, reject) => {
		let settled = false;
		const fail = (error: LeakwatchError) => {
			if (settled) return;
			settled = true;
			disarm();
			request.destroy();
			reject(error);
		};
		const agent = options.insecure ? insecureAgent : httpsAgent;
		const request = https.request(url, {method: 'GET', agent, headers}, (response) => {
			const declared = Number(response.headers['content-length']);
			if (declared > options.maxBytes) {
				fail(tooLarge(url, options.maxBytes));
				return;
			}
			const chunks: Buffer[] = [];
			let size = 0;
			response.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > options.maxBytes) {
					fail(tooLarge(url, options.maxBytes));
					return;
				}
				chunks.push(chunk);
			});
			response.on('end', () => {
				if (settled) return;
				settled = true;
				disarm();
				resolve({status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), url});
			});
			response.on('error', (error) => fail(networkError(url, error)));
			response.on('aborted', () => fail(closedMidResponse(url)));
		});
		const disarm = guardExchange(url, options, fail);
		request.on('error', (error) => fail(networkError(url, error)));
		if (options.signal?.aborted) fail(cancelled());
		request.end();
	});
}
