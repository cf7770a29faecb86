/**
 * @module `leakwatch diff BASE CURRENT`: two profile files in, per-function
 * deltas out — the numbers of `go tool pprof -top -diff_base` for heap
 * profiles; goroutine profiles by the function the dashboard names each group by.
 */
import {readFile, stat} from 'node:fs/promises';
import {decodeLeafTotals, decodeProfile, type LeafTotals} from '../decode/profile.js';
import {safeText} from '../decode/sanitize.js';
import {LeakwatchError} from '../errors.js';
import {diffProfiles, goroutineTotals, type DiffResult, type Granularity} from '../model/diff.js';
import {formatBytes, formatBytesDelta, formatCount, formatCountDelta} from '../view/units.js';
import type {Output} from './check.js';
import {choiceFlag, DEFAULT_MAX_RESPONSE, intFlag, sizeFlag, usage, type RawFlags} from './flags.js';

const SAMPLE_TYPES = ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'];

export async function diffFromFlags(args: string[], flags: RawFlags, out: Output): Promise<number> {
	if (args.length !== 2) throw usage(`diff needs two profile files: leakwatch diff BASE CURRENT (got ${args.length})`);
	const sampleType = choiceFlag(flags, 'sample', SAMPLE_TYPES);
	const top = intFlag(flags, 'top', 1);
	const granularity: Granularity = flags.lines === true ? 'lines' : 'functions';
	const maxBytes = sizeFlag(flags, 'maxResponse', DEFAULT_MAX_RESPONSE);
	// Both inflate at once in Node's thread pool.
	const [base, current] = await Promise.all([load(args[0]!, maxBytes), load(args[1]!, maxBytes)]);
	const result = diffProfiles(base, current, sampleType, granularity);
	const shown = top === undefined ? result : {...result, sites: result.sites.slice(0, top)};
	out.write(flags.json === true ? `${JSON.stringify(shown)}\n` : diffText(shown, top ?? 20, result.sites.length));
	return 0;
}

/**
 * Decoded here, not in the decoding thread: there is no screen to keep
 * answering, starting the thread costs more than the decode, and every count a
 * profile implies is bounded (PROFILE_LIMITS).
 */
async function load(path: string, maxBytes: number): Promise<LeafTotals> {
	const name = safeText(path);
	let bytes: Buffer;
	try {
		const info = await stat(path);
		if (!info.isFile()) throw new LeakwatchError('io', `${name} is not a file`);
		if (info.size > maxBytes) throw new LeakwatchError('too-large', `${name} is larger than ${formatBytes(maxBytes)} (raise --max-response)`);
		bytes = await readFile(path);
	} catch (error) {
		if (error instanceof LeakwatchError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new LeakwatchError('io', code === 'ENOENT' ? `${name}: no such file` : `${name}: ${code ?? (error as Error).message}`);
	}
	const options = {maxBytes: maxBytes * 4, what: name};
	// A flat diff reads only each sample's leaf frame; goroutines are named past the runtime's frames.
	try {
		const totals = await decodeLeafTotals(bytes, options);
		if (totals.sampleTypes.length === 1 && totals.sampleTypes[0]!.type === 'goroutine') return goroutineTotals(await decodeProfile(bytes, options));
		return totals;
	} catch (error) {
		if (error instanceof LeakwatchError) throw error;
		throw new LeakwatchError('decode', `${name} could not be decoded (${(error as Error)?.message ?? String(error)})`);
	}
}

function diffText(result: DiffResult, limit: number, total: number): string {
	const bytes = result.unit === 'bytes';
	const value = bytes ? formatBytes : formatCount;
	const delta = bytes ? formatBytesDelta : formatCountDelta;
	const lines = [`${result.sampleType} (${result.unit}): total ${delta(result.totalDelta)}`, ''];
	lines.push(`${'delta'.padStart(11)} ${'base'.padStart(10)} ${'current'.padStart(10)}  function (file:line)`);
	for (const site of result.sites.slice(0, limit)) {
		lines.push(`${delta(site.delta).padStart(11)} ${value(site.base).padStart(10)} ${value(site.current).padStart(10)}  ${site.function} (${site.file}:${site.line})`);
	}
	if (total > limit) lines.push(`… ${total - limit} more (--top N to show more, --json for all)`);
	return `${lines.join('\n')}\n`;
}
