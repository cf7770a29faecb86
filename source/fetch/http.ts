/**
 * @module HTTP GET with the guarantees a tool pointed at production needs: a
 * hard deadline on the whole exchange, a cap on the body (and on what a
 * compressed body inflates to), no credentials carried to another origin on a
 * redirect, and typed one-line errors. Node's own http and https clients with
 * kept-alive connections: a dashboard polls the same few endpoints for hours.
 * Knows nothing about Go.
 */
import http from 'node:http';
import https from 'node:https';
import {gunzip} from 'node:zlib';
import {LeakwatchError} from '../errors.js';
import {describeUrl, networkError, notHttp, timedOut, tooLarge} from './http-errors.js';

export {describeUrl} from './http-errors.js';

export interface HttpOptions {
	/** Sent with every request to the URL's own origin (auth, custom headers). */
	readonly headers: Readonly<Record<string, string>>;
	readonly timeoutMs: number;
	readonly maxBytes: number;
	readonly insecure: boolean;
	/** Ask for a gzip-compressed body (Prometheus answers; profiles are gzip already). */
	readonly gzip?: boolean;
	/** Aborts the request (quitting the dashboard, a newer refresh). */
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
/** A compressed body may inflate to this many times the cap on bodies. */
const INFLATE_FACTOR = 4;

// One request at a time per target endpoint (the pollers never overlap), so few sockets.
const agents = {
	http: new http.Agent({keepAlive: true, maxSockets: 4, maxFreeSockets: 4}),
	https: new https.Agent({keepAlive: true, maxSockets: 4, maxFreeSockets: 4}),
	insecure: new https.Agent({keepAlive: true, maxSockets: 4, maxFreeSockets: 4, rejectUnauthorized: false}),
};

export async function httpGet(url: URL, options: HttpOptions): Promise<HttpResponse> {
	const origin = url.origin;
	let current = url;
	for (let hop = 0; ; hop++) {
		// Credentials and custom headers belong to the target: never send them elsewhere.
		const own = current.origin === origin ? options.headers : {};
		const headers = {'user-agent': 'leakwatch', 'accept-encoding': options.gzip ? 'gzip' : 'identity', ...own};
		const response = await exchange(current, headers, options);
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

function exchange(url: URL, headers: Record<string, string>, options: HttpOptions): Promise<HttpResponse> {
	return new Promise((resolve, reject) => {
		let settled = false;
		const finish = (error: LeakwatchError | undefined, response?: HttpResponse) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			if (error) {
				request.destroy();
				reject(error);
			} else resolve(response!);
		};
		const onAbort = () => finish(new LeakwatchError('unreachable', 'request cancelled'));
		const secure = url.protocol === 'https:';
		const agent = secure ? (options.insecure ? agents.insecure : agents.https) : agents.http;
		const request = (secure ? https : http).request(url, {method: 'GET', agent, headers, insecureHTTPParser: false}, (response) => {
			const declared = Number(response.headers['content-length']);
			if (declared > options.maxBytes) return finish(tooLarge(url, options.maxBytes));
			const chunks: Buffer[] = [];
			let size = 0;
			response.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > options.maxBytes) finish(tooLarge(url, options.maxBytes));
				else chunks.push(chunk);
			});
			response.on('end', () => {
				if (settled) return;
				if (!response.complete) return finish(new LeakwatchError('unreachable', `${describeUrl(url)}: connection closed mid-response`));
				const raw = Buffer.concat(chunks);
				const status = response.statusCode ?? 0;
				const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase();
				if (encoding !== 'gzip') return finish(undefined, {status, headers: response.headers, body: raw, url});
				// Honoured even when we asked for identity: some proxies compress anyway.
				gunzip(raw, {maxOutputLength: options.maxBytes * INFLATE_FACTOR}, (error, body) => {
					if (error) finish(new LeakwatchError('decode', `${describeUrl(url)}: the gzip-compressed body does not inflate (${inflateProblem(error)})`));
					else finish(undefined, {status, headers: response.headers, body, url});
				});
			});
			response.on('error', (error) => finish(networkError(url, error)));
			response.on('aborted', () => finish(new LeakwatchError('unreachable', `${describeUrl(url)}: connection closed mid-response`)));
		});
		// A deadline on the whole exchange: a server that trickles bytes must not hold us forever.
		const timer = setTimeout(() => finish(timedOut(url, options.timeoutMs)), options.timeoutMs);
		options.signal?.addEventListener('abort', onAbort, {once: true});
		request.on('error', (error) => finish(/^HPE_/.test((error as NodeJS.ErrnoException).code ?? '') ? notHttp(url, error) : networkError(url, error)));
		if (options.signal?.aborted) onAbort();
		else request.end();
	});
}

function inflateProblem(error: Error): string {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return 'larger than the cap once inflated';
	if (code === 'Z_BUF_ERROR') return 'truncated';
	return 'not valid gzip';
}
