import {LeakwatchError} from './errors.js';
import {parseByteThreshold, parseCountThreshold, parseDuration, parseSize, type Threshold} from './format/units.js';
import {DEFAULT_TARGET, parseTarget, type TargetConfig} from './target/config.js';

/**
 * Turns meow's raw flags into validated options, with a one-line usage error
 * for anything wrong. Kept apart from cli.tsx so it is testable without
 * spawning a process.
 */
export interface RawFlags {
	[name: string]: unknown;
}

export const FLAG_SPEC = {
	header: {type: 'string', isMultiple: true},
	timeout: {type: 'string'},
	insecure: {type: 'boolean'},
	pprofPath: {type: 'string'},
	varsPath: {type: 'string'},
	metricsPath: {type: 'string'},
	source: {type: 'string'},
	pid: {type: 'string'},
	maxResponse: {type: 'string'},
	json: {type: 'boolean'},
	interval: {type: 'string'},
	profileInterval: {type: 'string'},
	duration: {type: 'string'},
	maxHeapGrowth: {type: 'string'},
	maxGoroutineGrowth: {type: 'string'},
	gc: {type: 'boolean'},
	top: {type: 'string'},
	sample: {type: 'string'},
	lines: {type: 'boolean'},
	window: {type: 'string'},
	refresh: {type: 'string'},
	out: {type: 'string'},
	var: {type: 'string', isMultiple: true},
	alertHeapGrowth: {type: 'string'},
	alertGoroutineGrowth: {type: 'string'},
	targets: {type: 'string'},
	prometheus: {type: 'string'},
	selector: {type: 'string'},
	pprofPort: {type: 'string'},
	help: {type: 'boolean', shortFlag: 'h'},
	version: {type: 'boolean'},
} as const;

export type FlagName = keyof typeof FLAG_SPEC;

/** Which flags each command takes: a flag given to the wrong command is a usage error, not silently ignored. */
const TARGET_FLAGS: FlagName[] = ['header', 'timeout', 'insecure', 'pprofPath', 'varsPath', 'metricsPath', 'source', 'maxResponse'];
export const COMMAND_FLAGS: Record<string, FlagName[]> = {
	live: [...TARGET_FLAGS, 'pid', 'interval', 'profileInterval', 'refresh', 'window', 'out', 'var', 'alertHeapGrowth', 'alertGoroutineGrowth', 'targets'],
	check: [...TARGET_FLAGS, 'interval', 'profileInterval', 'duration', 'maxHeapGrowth', 'maxGoroutineGrowth', 'gc', 'json', 'top'],
	diff: ['sample', 'top', 'json', 'lines', 'maxResponse'],
	replay: ['window'],
	fleet: ['prometheus', 'selector', 'window', 'pprofPort', 'json', 'interval', 'header', 'timeout', 'insecure', 'maxResponse'],
};

export const SAMPLE_TYPES = ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'];

export function kebab(name: string): string {
	return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function usage(message: string): LeakwatchError {
	return new LeakwatchError('usage', message);
}

export function checkFlagsFor(command: string, given: RawFlags): void {
	const allowed = new Set<string>([...(COMMAND_FLAGS[command] ?? []), 'help', 'version']);
	for (const [name, value] of Object.entries(given)) {
		if (value === undefined || value === false || (Array.isArray(value) && value.length === 0)) continue;
		if (!(name in FLAG_SPEC)) throw usage(`unknown flag --${kebab(name)} (see leakwatch --help)`);
		if (!allowed.has(name)) throw usage(`--${kebab(name)} does not apply to ${command === 'live' ? 'the dashboard' : `leakwatch ${command}`}`);
	}
}

function stringFlag(flags: RawFlags, name: FlagName): string | undefined {
	const value = flags[name];
	if (value === undefined) return undefined;
	if (typeof value !== 'string' || value === '') throw usage(`--${kebab(name)} needs a value`);
	return value;
}

export function durationFlag(flags: RawFlags, name: FlagName, fallbackMs: number, minMs = 10): number {
	const text = stringFlag(flags, name);
	if (text === undefined) return fallbackMs;
	const ms = parseDuration(text);
	if (ms === undefined || ms < minMs) throw usage(`--${kebab(name)} must be a duration like 500ms, 30s or 5m (got "${text}")`);
	return ms;
}

export function optionalDurationFlag(flags: RawFlags, name: FlagName, minMs = 10): number | undefined {
	return flags[name] === undefined ? undefined : durationFlag(flags, name, 0, minMs);
}

export function sizeFlag(flags: RawFlags, name: FlagName, fallback: number): number {
	const text = stringFlag(flags, name);
	if (text === undefined) return fallback;
	const bytes = parseSize(text);
	if (bytes === undefined || bytes < 1024) throw usage(`--${kebab(name)} must be a size like 64MB (got "${text}")`);
	return bytes;
}

export function intFlag(flags: RawFlags, name: FlagName, min: number): number | undefined {
	const text = stringFlag(flags, name);
	if (text === undefined) return undefined;
	if (!/^\d+$/.test(text.trim()) || Number(text) < min) throw usage(`--${kebab(name)} must be a whole number of at least ${min} (got "${text}")`);
	return Number(text);
}

export function byteThresholdFlag(flags: RawFlags, name: FlagName): Threshold | undefined {
	const text = stringFlag(flags, name);
	if (text === undefined) return undefined;
	const threshold = parseByteThreshold(text);
	if (!threshold) throw usage(`--${kebab(name)} must be a size like 50MB or a percentage like 20% (got "${text}")`);
	return threshold;
}

export function countThresholdFlag(flags: RawFlags, name: FlagName): Threshold | undefined {
	const text = stringFlag(flags, name);
	if (text === undefined) return undefined;
	const threshold = parseCountThreshold(text);
	if (!threshold) throw usage(`--${kebab(name)} must be a number like 100 or a percentage like 20% (got "${text}")`);
	return threshold;
}

export function choiceFlag<T extends string>(flags: RawFlags, name: FlagName, choices: readonly T[]): T | undefined {
	const text = stringFlag(flags, name);
	if (text === undefined) return undefined;
	if (!choices.includes(text as T)) throw usage(`--${kebab(name)} must be one of ${choices.join(', ')} (got "${text}")`);
	return text as T;
}

export const DEFAULT_MAX_RESPONSE = 64 * 1024 * 1024;

export function targetFromFlags(url: string | undefined, flags: RawFlags): TargetConfig {
	const header = (flags.header as string[] | undefined) ?? [];
	return parseTarget(url ?? DEFAULT_TARGET, {
		header,
		timeoutMs: durationFlag(flags, 'timeout', 10_000, 100),
		maxBytes: sizeFlag(flags, 'maxResponse', DEFAULT_MAX_RESPONSE),
		insecure: flags.insecure === true,
		pprofPath: stringFlag(flags, 'pprofPath'),
		varsPath: stringFlag(flags, 'varsPath'),
		metricsPath: stringFlag(flags, 'metricsPath'),
		source: choiceFlag(flags, 'source', ['auto', 'expvar', 'metrics'] as const),
	});
}
