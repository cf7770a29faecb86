/**
 * @module What a failed HTTP exchange tells the user: one line, with what to
 * try. The one map from Node's error codes to leakwatch's error kinds.
 */
import {LeakwatchError} from '../errors.js';

export function tooLarge(url: URL, maxBytes: number): LeakwatchError {
	return new LeakwatchError('too-large', `${describeUrl(url)} sent more than ${Math.round(maxBytes / 2 ** 20)} MiB (raise --max-response)`);
}

export function networkError(url: URL, error: Error): LeakwatchError {
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
		case 'EPROTO':
		case 'ERR_SSL_WRONG_VERSION_NUMBER':
			return new LeakwatchError('tls', `${where}: TLS handshake failed (is it plain HTTP? try http://)`, {cause: error});
		default:
			if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
				return new LeakwatchError('tls', `${where}: TLS certificate not trusted (${code}); pass --insecure to skip verification`, {cause: error});
			}
			if (code.startsWith('HPE_')) return notHttp(url, error);
			return new LeakwatchError('unreachable', `${where}: ${code || error.message}`, {cause: error});
	}
}

export function timedOut(url: URL, timeoutMs: number): LeakwatchError {
	return new LeakwatchError('timeout', `${describeUrl(url)} did not answer within ${formatSeconds(timeoutMs)} (raise --timeout?)`);
}

export function notHttp(url: URL, cause?: Error): LeakwatchError {
	return new LeakwatchError('bad-content', `${describeUrl(url)} did not answer with valid HTTP (is it a TLS port? try https://)`, {cause});
}

/** The URL without credentials or query: safe to print. */
export function describeUrl(url: URL): string {
	return `${url.protocol}//${url.host}${url.pathname}`;
}

function formatSeconds(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
