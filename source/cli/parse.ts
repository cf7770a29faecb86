/**
 * @module What people type on the command line: sizes as pprof prints them
 * (binary: "50MB" is 50 MiB), durations ("30s", "1h30m"), thresholds ("50MB"
 * or "20%"). Pure; undefined for anything that is not one.
 */
import type {Threshold} from '../model/thresholds.js';
const SIZE_UNITS: Record<string, number> = {
	'': 1,
	b: 1,
	k: 1024,
	kb: 1024,
	kib: 1024,
	m: 1024 ** 2,
	mb: 1024 ** 2,
	mib: 1024 ** 2,
	g: 1024 ** 3,
	gb: 1024 ** 3,
	gib: 1024 ** 3,
	t: 1024 ** 4,
	tb: 1024 ** 4,
	tib: 1024 ** 4,
};

/** "50MB", "512k", "1.5GiB", "1024" → bytes; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
	if (!match) return undefined;
	const factor = SIZE_UNITS[match[2]!.toLowerCase()];
	if (factor === undefined) return undefined;
	return Math.round(Number(match[1]) * factor);
}

const DURATION_UNITS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000};

/** "30s", "5m", "1h30m", "250ms", "2" (seconds) → milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
	const trimmed = text.trim();
	if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
	const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
	let total = 0;
	let consumed = 0;
	for (let match = part.exec(trimmed); match; match = part.exec(trimmed)) {
		total += Number(match[1]) * DURATION_UNITS[match[2]!]!;
		consumed = part.lastIndex;
	}
	return consumed === trimmed.length && consumed > 0 ? total : undefined;
}


/** "50MB" or "20%" (of the starting value). */
export function parseByteThreshold(text: string): Threshold | undefined {
	const percent = parsePercent(text);
	if (percent !== undefined) return {kind: 'percent', percent};
	const bytes = parseSize(text);
	return bytes === undefined ? undefined : {kind: 'bytes', bytes};
}

/** "100" goroutines or "20%" (of the starting count). */
export function parseCountThreshold(text: string): Threshold | undefined {
	const percent = parsePercent(text);
	if (percent !== undefined) return {kind: 'percent', percent};
	return /^\s*\d+\s*$/.test(text) ? {kind: 'count', count: Number(text)} : undefined;
}

function parsePercent(text: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
	return match ? Number(match[1]) : undefined;
}
