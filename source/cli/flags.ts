/**
 * @module The command line: every flag, which commands take it, each
 * command's help, and meow's raw flags turned into validated options with a
 * one-line usage error (and the closest known flag for a typo) for anything
 * wrong. Pure, so it is testable without spawning a process.
 */
import {LeakwatchError} from '../errors.js';
import type {Threshold} from '../model/thresholds.js';
import {DEFAULT_TARGET, parseTarget, type TargetConfig} from '../target/config.js';
import {parseByteThreshold, parseCountThreshold, parseDuration, parseSize} from './parse.js';

export interface RawFlags {
	[name: string]: unknown;
}

export type Command = 'live' | 'check' | 'diff' | 'replay' | 'fleet';
export const COMMANDS: readonly Command[] = ['live', 'check', 'diff', 'replay', 'fleet'];

interface FlagInfo {
	readonly type: 'string' | 'boolean';
	readonly isMultiple?: boolean;
	readonly shortFlag?: string;
	/** "--timeout 10s": the value shown in help. */
	readonly value?: string;
	readonly help: string;
}

const TARGET_HELP = {
	header: {type: 'string', isMultiple: true, value: '"Name: value"', help: 'extra request header, repeatable (e.g. Authorization)'},
	timeout: {type: 'string', value: '10s', help: 'give up on a request after this long'},
	insecure: {type: 'boolean', help: 'accept a self-signed TLS certificate'},
	pprofPath: {type: 'string', value: '/debug/pprof', help: 'where net/http/pprof is mounted'},
	varsPath: {type: 'string', value: '/debug/vars', help: 'where expvar is mounted'},
	metricsPath: {type: 'string', value: '/metrics', help: 'where Prometheus metrics are served (when there is no expvar)'},
	source: {type: 'string', value: 'auto', help: 'runtime numbers from auto (expvar, else /metrics), expvar or metrics'},
	maxResponse: {type: 'string', value: '64MB', help: 'refuse bigger responses (and 4x that decompressed)'},
} as const satisfies Record<string, FlagInfo>;

export const FLAGS = {
	...TARGET_HELP,
	pid: {type: 'string', value: 'N', help: 'the local process to read RSS, open files and the command line of (default: the one listening on the port)'},
	json: {type: 'boolean', help: 'machine-readable output'},
	interval: {type: 'string', value: '1s', help: 'poll /debug/vars and the goroutine count this often'},
	profileInterval: {type: 'string', value: '5s', help: 'fetch heap and goroutine profiles this often'},
	duration: {type: 'string', value: '30s', help: 'how long to watch'},
	maxHeapGrowth: {type: 'string', value: '50MB|20%', help: 'fail when the live heap after GC grows more than this'},
	maxGoroutineGrowth: {type: 'string', value: '100|20%', help: 'fail when goroutines grow more than this'},
	gc: {type: 'boolean', help: 'force a GC before each heap profile (costs the target)'},
	top: {type: 'string', value: 'N', help: 'rows listed'},
	sample: {type: 'string', value: 'inuse_space', help: 'inuse_space, inuse_objects, alloc_space or alloc_objects'},
	lines: {type: 'boolean', help: 'one row per file:line instead of per function'},
	window: {type: 'string', value: '30m', help: 'growth over this long'},
	refresh: {type: 'string', value: '2s', help: 'redraw for new data at most this often (keys redraw at once)'},
	out: {type: 'string', value: 'DIR', help: 'where snapshots go: "s" in the dashboard writes one (default: the current directory); check writes one at the end'},
	var: {type: 'string', isMultiple: true, value: 'NAME', help: 'also plot this expvar var (dotted path), repeatable (v cycles)'},
	alertHeapGrowth: {type: 'string', value: '50MB|20%', help: 'ring the bell when the live heap grows this much since the baseline'},
	alertGoroutineGrowth: {type: 'string', value: '100|20%', help: 'same for goroutines'},
	targets: {type: 'string', value: 'FILE', help: 'URLs to watch, one per line'},
	prometheus: {type: 'string', value: 'URL', help: 'the Prometheus server (query API) to ask'},
	selector: {type: 'string', value: '\'{job="api"}\'', help: 'which instances (a PromQL label selector)'},
	pprofPort: {type: 'string', value: 'N', help: "the instances' pprof port when it is not the scrape port"},
	memoryLimit: {type: 'string', value: 'PROMQL', help: 'each instance\'s memory limit in bytes, labelled job and instance (default: GOMEMLIMIT, go_gc_gomemlimit_bytes)'},
	help: {type: 'boolean', shortFlag: 'h', help: 'this help'},
	version: {type: 'boolean', help: 'print the version'},
} as const satisfies Record<string, FlagInfo>;

export type FlagName = keyof typeof FLAGS;

/** For meow: the flags without our help text. */
export const FLAG_SPEC = Object.fromEntries(
	Object.entries(FLAGS).map(([name, info]) => [name, {type: info.type, ...('isMultiple' in info ? {isMultiple: info.isMultiple} : {}), ...('shortFlag' in info ? {shortFlag: info.shortFlag} : {})}]),
);

const TARGET_FLAGS = Object.keys(TARGET_HELP) as FlagName[];
export const COMMAND_FLAGS: Record<Command, FlagName[]> = {
	live: [...TARGET_FLAGS, 'pid', 'interval', 'profileInterval', 'refresh', 'out', 'var', 'alertHeapGrowth', 'alertGoroutineGrowth', 'targets'],
	check: [...TARGET_FLAGS, 'interval', 'profileInterval', 'duration', 'maxHeapGrowth', 'maxGoroutineGrowth', 'gc', 'json', 'top', 'out'],
	diff: ['sample', 'top', 'json', 'lines', 'maxResponse'],
	replay: ['maxResponse'],
	fleet: ['prometheus', 'selector', 'window', 'pprofPort', 'memoryLimit', 'json', 'interval', 'header', 'timeout', 'insecure', 'maxResponse', 'top'],
};

const USAGE: Record<Command, {line: string; about: string}> = {
	live: {line: 'leakwatch [URL...]', about: 'the live dashboard (default URL http://localhost:6060); several URLs, or --targets FILE, open a list of them'},
	check: {line: 'leakwatch check [URL]', about: 'watch headless for --duration; exit 1 if a leak is suspected, 0 if not, 2 on an error'},
	diff: {line: 'leakwatch diff BASE CURRENT', about: 'compare two heap or two goroutine profile files (.pb.gz), per function as go tool pprof -top -diff_base'},
	replay: {line: 'leakwatch replay DIR', about: 'open an exported snapshot in the dashboard, read-only'},
	fleet: {line: 'leakwatch fleet --prometheus URL', about: 'rank every instance Prometheus scrapes by how soon it runs out of memory, and how fast it grows'},
};

export function kebab(name: string): string {
	return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function usage(message: string): LeakwatchError {
	return new LeakwatchError('usage', message);
}

/** The general help, or one command's. */
export function helpText(command: Command | undefined): string {
	const lines: string[] = [''];
	if (!command) {
		lines.push('  Find what keeps growing in a live Go process.', '', '  Usage');
		for (const name of COMMANDS) lines.push(`    $ ${USAGE[name].line.padEnd(36)} ${USAGE[name].about}`);
		lines.push('', '  leakwatch COMMAND --help shows the options of a command.', '');
		lines.push('  The Go service needs:   import _ "net/http/pprof"   and an HTTP listener,');
		lines.push('  e.g.  go func() { log.Println(http.ListenAndServe("localhost:6060", nil)) }()');
		lines.push('', '  Sizes are binary: 50MB = 50 MiB, as pprof prints them.', '');
		return lines.join('\n');
	}
	lines.push(`  ${USAGE[command].about}`, '', '  Usage', `    $ ${USAGE[command].line} [options]`, '', '  Options');
	for (const name of [...COMMAND_FLAGS[command], 'help' as const]) {
		const info: FlagInfo = FLAGS[name];
		const flag = `--${kebab(name)}${info.value ? ` ${info.value}` : ''}`;
		lines.push(`    ${flag.padEnd(34)} ${info.help}`);
	}
	if (command === 'check') lines.push('', '  Exit status: 0 no leak suspected, 1 leak suspected, 2 usage or connection error.');
	if (command === 'live' || command === 'check') lines.push('', '  URL credentials (https://user:pass@host:6060) are sent as basic auth. A pasted endpoint', '  (…/debug/pprof/heap, …/debug/vars, …/metrics) is taken as its base URL.');
	lines.push('');
	return lines.join('\n');
}

/** A flag given to the wrong command, or no known flag at all, is a usage error (with the closest known one). */
export function checkFlagsFor(command: Command, given: RawFlags): void {
	const allowed = new Set<string>([...COMMAND_FLAGS[command], 'help', 'version']);
	for (const [name, value] of Object.entries(given)) {
		if (value === undefined || value === false || (Array.isArray(value) && value.length === 0)) continue;
		if (!(name in FLAGS)) {
			const suggestion = closest(kebab(name), [...allowed].map(kebab)) ?? closest(kebab(name), Object.keys(FLAGS).map(kebab));
			throw usage(`unknown flag --${kebab(name)}${suggestion ? ` (did you mean --${suggestion}?)` : ''}; see leakwatch ${command === 'live' ? '' : `${command} `}--help`);
		}
		if (!allowed.has(name)) throw usage(`--${kebab(name)} does not apply to ${command === 'live' ? 'the dashboard' : `leakwatch ${command}`} (see leakwatch ${command === 'live' ? '' : `${command} `}--help)`);
	}
}

/** The known name nearest a typo, when it is near enough to be what was meant. */
export function closest(typed: string, known: readonly string[]): string | undefined {
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of known) {
		const distance = editDistance(typed, candidate);
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return best !== undefined && bestDistance <= Math.max(2, Math.floor(typed.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
	let row = Array.from({length: b.length + 1}, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const next = [i];
		for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
		row = next;
	}
	return row[b.length]!;
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
	if (ms === undefined || ms < minMs || ms > 30 * 86_400_000) throw usage(`--${kebab(name)} must be a duration like 500ms, 30s or 5m (got "${text}")`);
	return ms;
}

export function optionalDurationFlag(flags: RawFlags, name: FlagName, minMs = 10): number | undefined {
	return flags[name] === undefined ? undefined : durationFlag(flags, name, 0, minMs);
}

export function sizeFlag(flags: RawFlags, name: FlagName, fallback: number): number {
	const text = stringFlag(flags, name);
	if (text === undefined) return fallback;
	const bytes = parseSize(text);
	if (bytes === undefined || bytes < 1024 || bytes > 2 ** 40) throw usage(`--${kebab(name)} must be a size like 64MB (got "${text}")`);
	return bytes;
}

export function intFlag(flags: RawFlags, name: FlagName, min: number, max = 1_000_000): number | undefined {
	const text = stringFlag(flags, name);
	if (text === undefined) return undefined;
	if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) throw usage(`--${kebab(name)} must be a whole number from ${min} to ${max} (got "${text}")`);
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
