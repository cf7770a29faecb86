import {gunzip} from 'node:zlib';
import {promisify} from 'node:util';
import {LeakwatchError} from '../errors.js';

const gunzipAsync = promisify(gunzip);

export function isGzip(bytes: Uint8Array): boolean {
	return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflate with a cap on the output: a few KB of gzip can expand to gigabytes.
 * Async, so a big profile does not freeze the dashboard.
 */
export async function inflate(bytes: Uint8Array, maxOutputBytes: number, what: string): Promise<Buffer> {
	try {
		return await gunzipAsync(bytes, {maxOutputLength: maxOutputBytes});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
			throw new LeakwatchError('too-large', `${what} expands past ${Math.round(maxOutputBytes / 2 ** 20)} MiB when decompressed (raise --max-response)`);
		}
		if (code === 'Z_BUF_ERROR') {
			throw new LeakwatchError('decode', `${what} is truncated (gzip stream ends early)`);
		}
		throw new LeakwatchError('decode', `${what} is not valid gzip (${(error as Error).message})`);
	}
}
