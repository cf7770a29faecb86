import http from 'node:http';
import https from 'node:https';
import {LeakwatchError} from '../errors.js';

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
	readonly headers: http.IncomingHttpHeaders;
	readonly body: Buffer;
	readonly url: URL;
}

const MAX_REDIRECTS = 5;

// One keep-alive connection per endpoint is enough (requests to an endpoint never
// overlap) and saves the target a TLS handshake or accept per poll.
const httpAgent = new http.Agent({keepAlive: true, maxSockets: 4, maxFreeSockets: 4});
const httpsAgent = new https.Agent({keepAlive: true, maxSockets: 4, maxFreeSockets: 4});
const insecureAgent = new https.Agent({keepAlive: true, maxSockets: 4, maxFreeSockets: 4, rejectUnauthorized: false});

export async function httpGet(url: URL, options: HttpOptions): Promise<HttpResponse> {
	const origin = url.origin;
	let current = url;
	for (let hop = 0; ; hop++) {
		// Credentials and custom headers belong to the target: never send them elsewhere.
		const headers = current.origin === origin ? options.headers : {};
		const response = await requestOnce(current, headers, options);
		const location = response.headers.location;
		if (response.status >= 300 && response.status < 400 && location) {
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

function requestOnce(url: URL, headers: Readonly<Record<string, string>>, options: HttpOptions): Promise<HttpResponse> {
	return new Promise((resolve, reject) => {
		const isHttps = url.protocol === 'https:';
		const agent = isHttps ? (options.insecure ? insecureAgent : httpsAgent) : httpAgent;
		const module = isHttps ? https : http;
		let settled = false;
		const fail = (error: LeakwatchError) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			request.destroy();
			reject(error);
		};
		const onAbort = () => fail(new LeakwatchError('unreachable', 'request cancelled'));
		const request = module.request(
			url,
			{method: 'GET', agent, headers: {'user-agent': 'leakwatch', 'accept-encoding': 'identity', ...headers}},
			(response) => {
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
					clearTimeout(timer);
					options.signal?.removeEventListener('abort', onAbort);
					resolve({status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), url});
				});
				response.on('error', (error) => fail(networkError(url, error)));
				response.on('aborted', () => fail(new LeakwatchError('unreachable', `${describeUrl(url)}: connection closed mid-response`)));
			},
		);
		// A deadline on the whole exchange: a server that trickles bytes must not hold us forever.
		const timer = setTimeout(() => {
			fail(new LeakwatchError('timeout', `${describeUrl(url)} did not answer within ${formatSeconds(options.timeoutMs)} (raise --timeout?)`));
		}, options.timeoutMs);
		request.on('error', (error) => fail(networkError(url, error)));
		if (options.signal?.aborted) onAbort();
		else options.signal?.addEventListener('abort', onAbort, {once: true});
		request.end();
	});
}

function tooLarge(url: URL, maxBytes: number): LeakwatchError {
	return new LeakwatchError('too-large', `${describeUrl(url)} sent more than ${Math.round(maxBytes / 2 ** 20)} MiB (raise --max-response)`);
}

function networkError(url: URL, error: Error): LeakwatchError {
	const code = (error as NodeJS.ErrnoException).code ?? '';
	const where = describeUrl(url);
	switch (code) {
		case 'ECONNREFUSED':
			return new LeakwatchError('unreachable', `cannot connect to ${url.host}: connection refused (is the process running and listening there?)`, {cause: error});
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return new LeakwatchError('unreachable', `cannot resolve host ${url.hostname}`, {cause: error});
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return new LeakwatchError('unreachable', `cannot reach ${url.host}: no route to host`, {cause: error});
		case 'ECONNRESET':
		case 'EPIPE':
			return new LeakwatchError('unreachable', `${where}: connection reset by the target`, {cause: error});
		case 'ETIMEDOUT':
			return new LeakwatchError('timeout', `${where}: connection timed out`, {cause: error});
		case 'HPE_INVALID_CONSTANT':
		case 'HPE_INVALID_VERSION':
		case 'HPE_INVALID_STATUS':
		case 'HPE_INVALID_HEADER_TOKEN':
			return new LeakwatchError('bad-content', `${where} did not answer with HTTP (is it a TLS port? try https://)`, {cause: error});
		case 'EPROTO':
		case 'ERR_SSL_WRONG_VERSION_NUMBER':
			return new LeakwatchError('tls', `${where}: TLS handshake failed (is it plain HTTP? try http://)`, {cause: error});
		default:
			if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
				return new LeakwatchError('tls', `${where}: TLS certificate not trusted (${code}); pass --insecure to skip verification`, {cause: error});
			}
			return new LeakwatchError('unreachable', `${where}: ${code || error.message}`, {cause: error});
	}
}

/** The URL without credentials or query: safe to print. */
export function describeUrl(url: URL): string {
	return `${url.protocol}//${url.host}${url.pathname}`;
}

function formatSeconds(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
