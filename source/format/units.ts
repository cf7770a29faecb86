/**
 * Units as Go engineers read them. Sizes are binary (pprof prints "MB" for
 * 2^20 bytes, so "50MB" on our command line means the same); output spells
 * them KiB/MiB/GiB so nobody has to guess.
 */
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

export type Threshold = {kind: 'bytes'; bytes: number} | {kind: 'percent'; percent: number} | {kind: 'count'; count: number};

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

/** Whether growth from start crosses the threshold. */
export function crosses(threshold: Threshold, start: number, growth: number): boolean {
	switch (threshold.kind) {
		case 'bytes':
			return growth > threshold.bytes;
		case 'count':
			return growth > threshold.count;
		case 'percent':
			return start > 0 ? (growth / start) * 100 > threshold.percent : growth > 0;
	}
}

export function formatThreshold(threshold: Threshold): string {
	switch (threshold.kind) {
		case 'bytes':
			return formatBytes(threshold.bytes);
		case 'count':
			return String(threshold.count);
		case 'percent':
			return `${threshold.percent}%`;
	}
}

const BYTE_STEPS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → "1.5KiB", -3145728 → "-3.0MiB". */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) return '?';
	const sign = bytes < 0 ? '-' : '';
	let value = Math.abs(bytes);
	let step = 0;
	while (value >= 1024 && step < BYTE_STEPS.length - 1) {
		value /= 1024;
		step++;
	}
	const digits = step === 0 ? 0 : value >= 100 ? 0 : 1;
	return `${sign}${value.toFixed(digits)}${BYTE_STEPS[step]}`;
}

/** Same as formatBytes with an explicit + for growth. */
export function formatBytesDelta(bytes: number): string {
	return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}

/** 1234567 → "1.2M", for counts (objects, goroutines). */
export function formatCount(count: number): string {
	if (!Number.isFinite(count)) return '?';
	const abs = Math.abs(count);
	if (abs < 10_000) return String(Math.round(count));
	if (abs < 1_000_000) return `${(count / 1000).toFixed(abs < 100_000 ? 1 : 0)}k`;
	if (abs < 1_000_000_000) return `${(count / 1_000_000).toFixed(1)}M`;
	return `${(count / 1_000_000_000).toFixed(1)}G`;
}

export function formatCountDelta(count: number): string {
	return count > 0 ? `+${formatCount(count)}` : formatCount(count);
}

/** 61_000 → "1m01s", 3_700_000 → "1h01m", 450 → "450ms". */
export function formatDuration(ms: number): string {
	if (!Number.isFinite(ms)) return '?';
	if (ms < 1000) return `${Math.round(ms)}ms`;
	const seconds = Math.floor(ms / 1000);
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
	return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, '0')}h`;
}

/** Nanoseconds as a GC pause reads: "120µs", "3.4ms". */
export function formatNanos(ns: number): string {
	if (!Number.isFinite(ns)) return '?';
	if (ns < 1000) return `${Math.round(ns)}ns`;
	if (ns < 1_000_000) return `${(ns / 1000).toFixed(ns < 10_000 ? 1 : 0)}µs`;
	if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(ns < 10_000_000 ? 1 : 0)}ms`;
	return `${(ns / 1_000_000_000).toFixed(2)}s`;
}
