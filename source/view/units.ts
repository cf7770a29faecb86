/**
 * @module Numbers as Go engineers read them: sizes in KiB/MiB/GiB (binary, as
 * pprof prints them), counts with k/M/G, durations, GC pauses. Never wider
 * than a column gives them, whatever the number.
 */
const BYTE_STEPS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** 1536 → "1.5KiB", -3145728 → "-3.0MiB"; at most 7 characters and a sign. */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) return '?';
	const sign = bytes < 0 ? '-' : '';
	let value = Math.abs(bytes);
	let step = 0;
	while (value >= 1024 && step < BYTE_STEPS.length - 1) {
		value /= 1024;
		step++;
	}
	// Past exbibytes no Go process has ever been: say so rather than widen the column.
	if (step === BYTE_STEPS.length - 1 && value >= 999.5) return `${sign}>999${BYTE_STEPS.at(-1)}`;
	const digits = step === 0 ? 0 : value >= 99.95 ? 0 : 1;
	return `${sign}${value.toFixed(digits)}${BYTE_STEPS[step]}`;
}

/** Same as formatBytes with an explicit + for growth. */
export function formatBytesDelta(bytes: number): string {
	return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}

const COUNT_STEPS = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** 1234567 → "1.2M", for counts (objects, goroutines); at most 6 characters and a sign. */
export function formatCount(count: number): string {
	if (!Number.isFinite(count)) return '?';
	const abs = Math.abs(count);
	if (abs < 10_000) return String(Math.round(count));
	const sign = count < 0 ? '-' : '';
	let value = abs;
	let step = 0;
	while (value >= 999.5 && step < COUNT_STEPS.length - 1) {
		value /= 1000;
		step++;
	}
	if (value >= 999.5) return `${sign}>999${COUNT_STEPS.at(-1)}`;
	return `${sign}${value.toFixed(value >= 99.95 ? 0 : 1)}${COUNT_STEPS[step]}`;
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

/** A rate with its 95% interval: "+7.3MiB/min ± 1.1"; "—" until there are enough points for one. */
export function formatRate(rate: number, uncertainty: number, unit: 'bytes' | 'count'): string {
	if (!Number.isFinite(rate)) return '—';
	const value = unit === 'bytes' ? formatBytesDelta(rate) : `${rate > 0 ? '+' : ''}${smallCount(rate)}`;
	if (!Number.isFinite(uncertainty) || uncertainty <= 0) return `${value}/min`;
	return `${value}/min ± ${unit === 'bytes' ? formatBytes(uncertainty) : smallCount(uncertainty)}`;
}

/** Rates of a few goroutines a minute keep a decimal. */
function smallCount(value: number): string {
	return Math.abs(value) < 10 ? value.toFixed(1) : formatCount(value);
}
