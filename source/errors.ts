/**
 * @module Every failure a user can cause or meet (a bad flag, a dead target, a
 * garbage profile) is a LeakwatchError with a one-line message. The CLI
 * prints the message and exits 2; the live view shows it in the status line.
 * Anything else that escapes is a bug in leakwatch.
 */
export type ErrorKind =
	| 'usage' // bad flag, bad argument, bad URL
	| 'unreachable' // connection refused, DNS, reset
	| 'timeout'
	| 'tls'
	| 'http-status' // any non-2xx we do not explain better below
	| 'not-found' // 404: handler not registered
	| 'auth' // 401 / 403
	| 'too-large' // response or decompressed size over the cap
	| 'bad-content' // HTML where JSON or a profile was expected
	| 'decode' // truncated gzip, malformed protobuf, malformed JSON
	| 'io'; // local files

export class LeakwatchError extends Error {
	readonly kind: ErrorKind;
	readonly status: number | undefined;

	constructor(kind: ErrorKind, message: string, options: {status?: number; cause?: unknown} = {}) {
		super(message, {cause: options.cause});
		this.name = 'LeakwatchError';
		this.kind = kind;
		this.status = options.status;
	}
}

export function isLeakwatchError(error: unknown): error is LeakwatchError {
	return error instanceof LeakwatchError;
}

/** A one-line description of any thrown value, for status lines and exit messages. */
export function describeError(error: unknown): string {
	if (error instanceof LeakwatchError) return oneLine(error.message);
	if (error instanceof Error) return oneLine(`internal error: ${error.message}`);
	return oneLine(`internal error: ${String(error)}`);
}

function oneLine(text: string): string {
	return text.replace(/\s*\n\s*/g, ' ').trim();
}
