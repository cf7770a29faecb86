/**
 * @module Gzip, recognised by its magic bytes and inflated with a cap.
 */
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
		return await gunzipAsync(bytes, {maxOutputLength: maxOutputBytes, chunkSize: outputChunk(bytes.length)});
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

/**
 * Node inflates in the thread pool one output chunk at a time, 16 KiB by default:
 * a 2^14-stack heap profile (600 KiB inflated) took 40 round trips and three
 * times the CPU of inflating it in one go. Chunks sized to the expected output
 * (profiles compress about 5-10x) take one or two.
 */
function outputChunk(inputBytes: number): number {
	return Math.min(1 << 20, Math.max(64 << 10, inputBytes * 8));
}
