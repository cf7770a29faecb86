import {readFile, stat} from 'node:fs/promises';
import {LeakwatchError} from '../errors.js';
import {decodeLeafTotals} from '../decode/profile.js';
import {safeText} from '../decode/sanitize.js';
import {diffProfiles, type DiffResult, type Granularity} from '../model/diff.js';
import {formatBytes, formatBytesDelta, formatCount, formatCountDelta} from '../format/units.js';
import type {Output} from './check.js';

export interface DiffOptions {
	basePath: string;
	currentPath: string;
	sampleType: string | undefined;
	top: number | undefined;
	json: boolean;
	granularity: Granularity;
	maxBytes: number;
}

/** Offline: two profile files in, per-function deltas out (the numbers of `go tool pprof -top -diff_base`). */
export async function runDiff(options: DiffOptions, out: Output): Promise<number> {
	const [base, current] = await Promise.all([load(options.basePath, options.maxBytes), load(options.currentPath, options.maxBytes)]);
	const result = diffProfiles(base, current, options.sampleType, options.granularity);
	const shown = options.top === undefined ? result : {...result, sites: result.sites.slice(0, options.top)};
	out.write(options.json ? `${JSON.stringify(shown)}\n` : diffText(shown, options.top === undefined ? 20 : options.top, result.sites.length));
	return 0;
}

async function load(path: string, maxBytes: number) {
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
	// A flat diff reads only each sample's leaf frame.
	return decodeLeafTotals(bytes, {maxBytes: maxBytes * 4, what: name});
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
