/**
 * @module Runs profile decoding in its own thread (decode-thread.ts), one
 * profile at a time, under a memory limit and a time limit. A profile that
 * would take more than the limit ends that thread, not leakwatch: the caller
 * gets a one-line error and the next profile gets a fresh thread.
 */
import {Worker} from 'node:worker_threads';
import {LeakwatchError, type ErrorKind} from '../errors.js';
import type {GoroutineSummary} from './goroutine-groups.js';
import type {HeapSummary} from './heap-sites.js';
import type {SiteStacks} from './site-stacks.js';

interface Common {
	readonly id: number;
	readonly bytes: Uint8Array;
	readonly maxBytes: number;
	readonly what: string;
}

export type DecodeRequest =
	| (Common & {readonly task: 'heap' | 'goroutine'})
	| (Common & {readonly task: 'site-stacks'; readonly baseline: Uint8Array | undefined; readonly key: string; readonly valueType: string});

export type DecodeResponse = {readonly id: number; readonly result: unknown} | {readonly id: number; readonly error: {readonly kind: ErrorKind; readonly message: string}};

/** A request before it is numbered. */
type Request = DecodeRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** What every request says about its bytes. */
export interface Input {
	readonly bytes: Uint8Array;
	/** Cap on the inflated size. */
	readonly maxBytes: number;
	/** Names the input in error messages. */
	readonly what: string;
}

/**
 * The thread's own heap: a hostile 16 MB profile (500,000 functions) needs far
 * more than any real one, and must not take the process down with it.
 */
export const DECODE_HEAP_MB = 192;
/** A profile that takes longer than this to decode is refused. */
export const DECODE_TIMEOUT_MS = 60_000;

export class Decoder {
	private worker: Worker | undefined;
	private nextId = 1;
	private queue: Promise<unknown> = Promise.resolve();

	heap(input: Input): Promise<HeapSummary> {
		return this.run({task: 'heap', ...input}) as Promise<HeapSummary>;
	}

	goroutines(input: Input): Promise<GoroutineSummary> {
		return this.run({task: 'goroutine', ...input}) as Promise<GoroutineSummary>;
	}

	/** The stacks of one heap site, in the latest profile and the baseline. */
	siteStacks(input: Input & {baseline: Uint8Array | undefined; key: string; valueType: string}): Promise<SiteStacks> {
		return this.run({task: 'site-stacks', ...input}) as Promise<SiteStacks>;
	}

	/** Requests run one after another. */
	private run(request: Request): Promise<unknown> {
		const result = this.queue.then(() => this.exchange(request));
		this.queue = result.catch(() => undefined);
		return result;
	}

	/** Ends the thread (quitting). */
	async close(): Promise<void> {
		const worker = this.worker;
		this.worker = undefined;
		await worker?.terminate();
	}

	private start(): Worker {
		const options = {resourceLimits: {maxOldGenerationSizeMb: DECODE_HEAP_MB, maxYoungGenerationSizeMb: 32}, execArgv: []};
		// Built, the thread is dist/decode-thread.js beside dist/cli.js. Running from source (the tests),
		// a worker cannot start from a .ts file: a small script has tsx load it.
		const worker = import.meta.url.endsWith('.ts')
			? new Worker(`import('tsx/esm/api').then(({register}) => { register(); return import(${JSON.stringify(new URL('./decode-thread.ts', import.meta.url).href)}); })`, {...options, eval: true})
			: new Worker(new URL('./decode-thread.js', import.meta.url), options);
		worker.unref();
		return worker;
	}

	private exchange(request: Request): Promise<unknown> {
		const worker = (this.worker ??= this.start());
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			const done = () => {
				clearTimeout(timer);
				worker.off('message', onMessage);
				worker.off('error', onError);
				worker.off('exit', onExit);
				worker.unref();
			};
			const lost = (error: LeakwatchError) => {
				done();
				if (this.worker === worker) this.worker = undefined;
				void worker.terminate();
				reject(error);
			};
			const onMessage = (response: DecodeResponse) => {
				if (response.id !== id) return;
				done();
				if ('error' in response) reject(new LeakwatchError(response.error.kind, response.error.message));
				else resolve(response.result);
			};
			const onError = (error: Error) => {
				const code = (error as NodeJS.ErrnoException).code;
				lost(
					code === 'ERR_WORKER_OUT_OF_MEMORY'
						? new LeakwatchError('too-large', `${request.what} is too large to decode within leakwatch's memory budget (${DECODE_HEAP_MB} MiB for decoding)`)
						: new LeakwatchError('decode', `${request.what} could not be decoded (${error.message})`),
				);
			};
			const onExit = () => lost(new LeakwatchError('decode', `${request.what} could not be decoded (the decoding thread stopped)`));
			const timer = setTimeout(() => lost(new LeakwatchError('too-large', `${request.what} took longer than ${DECODE_TIMEOUT_MS / 1000} s to decode`)), DECODE_TIMEOUT_MS);
			worker.on('message', onMessage);
			worker.on('error', onError);
			worker.on('exit', onExit);
			worker.ref();
			// A copy for the thread: the caller keeps its bytes (snapshots write them as served).
			const bytes = new Uint8Array(request.bytes);
			const baseline = request.task === 'site-stacks' && request.baseline ? new Uint8Array(request.baseline) : undefined;
			const message = {...request, id, bytes, ...(request.task === 'site-stacks' ? {baseline} : {})};
			worker.postMessage(message, [bytes.buffer, ...(baseline ? [baseline.buffer] : [])] as ArrayBuffer[]);
		});
	}
}
