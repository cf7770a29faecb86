/**
 * @module The decoding thread: profile bytes in, plain summaries out. It runs
 * in a worker of its own so that a large profile never freezes the dashboard
 * (keys keep answering while it decodes), and under a heap limit of its own
 * (decoder.ts) so that a profile too big for leakwatch's memory budget ends
 * this thread with a one-line error instead of the whole process.
 */
import {parentPort} from 'node:worker_threads';
import {LeakwatchError} from '../errors.js';
import {summarizeGoroutines} from './goroutine-groups.js';
import {summarizeHeap} from './heap-sites.js';
import {siteStacks} from './site-stacks.js';
import type {DecodeRequest, DecodeResponse} from './decoder.js';

async function run(request: DecodeRequest): Promise<unknown> {
	const options = {maxBytes: request.maxBytes, what: request.what};
	switch (request.task) {
		case 'heap':
			return summarizeHeap(request.bytes, options);
		case 'goroutine':
			return summarizeGoroutines(request.bytes, options);
		case 'site-stacks':
			return siteStacks(request.bytes, request.baseline, request.key, request.valueType, options);
	}
}

parentPort?.on('message', (request: DecodeRequest) => {
	run(request).then(
		(result) => parentPort!.postMessage({id: request.id, result} satisfies DecodeResponse),
		(error: unknown) => {
			const failure =
				error instanceof LeakwatchError
					? {kind: error.kind, message: error.message}
					: {kind: 'decode' as const, message: `${request.what} could not be decoded (${(error as Error)?.message ?? String(error)})`};
			parentPort!.postMessage({id: request.id, error: failure} satisfies DecodeResponse);
		},
	);
});
