/**
 * @module Where and how to reach one Go process, built once from the command
 * line: "localhost:6060", ":6060", "6060", "https://user:pass@host/prefix".
 */
import {LeakwatchError} from '../errors.js';
import {safeText} from '../decode/sanitize.js';

export interface TargetConfig {
	readonly baseUrl: URL;
	/** The base URL without credentials: what we print. */
	readonly display: string;
	/** Custom headers plus Authorization from URL credentials. Never printed. */
	readonly headers: Readonly<Record<string, string>>;
	readonly timeoutMs: number;
	readonly maxBytes: number;
	readonly insecure: boolean;
	readonly pprofPath: string;
	readonly varsPath: string;
	readonly metricsPath: string;
	/** Where runtime numbers come from: expvar, Prometheus /metrics, or auto (expvar, else /metrics). */
	readonly source: RuntimeSource;
	/** Said once when the URL was an endpoint taken as its base ("…/debug/pprof/heap"). */
	readonly note?: string;
}

export type RuntimeSource = 'auto' | 'expvar' | 'metrics';

export interface TargetFlags {
	header: readonly string[];
	timeoutMs: number;
	maxBytes: number;
	insecure: boolean;
	pprofPath: string | undefined;
	varsPath: string | undefined;
	metricsPath?: string | undefined;
	source?: RuntimeSource;
}

export const DEFAULT_TARGET = 'http://localhost:6060';

/**
 * A path on the URL is a prefix under which the handlers are mounted, except
 * the handlers' own paths and queries, which people often paste (a profile
 * URL, `?debug=2`, /debug/vars, /metrics): those are taken as their base.
 */
export function parseTarget(text: string, flags: TargetFlags): TargetConfig {
	let input = text.trim();
	if (/^\d+$/.test(input)) input = `localhost:${input}`;
	if (input.startsWith(':')) input = `localhost${input}`;
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) input = `http://${input}`;
	let url: URL;
	try {
		url = new URL(input);
	} catch {
		throw new LeakwatchError('usage', `not a URL: "${text}" (expected e.g. http://localhost:6060)`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new LeakwatchError('usage', `unsupported URL scheme "${url.protocol}" (use http:// or https://)`);
	}
	if (!url.hostname) throw new LeakwatchError('usage', `no host in URL "${text}"`);

	const headers: Record<string, string> = {};
	for (const header of flags.header) {
		const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*)$/.exec(header);
		if (!match || /[\r\n\u0000]/.test(match[2]!)) {
			throw new LeakwatchError('usage', `--header must look like "Name: value" (got one that does not)`);
		}
		headers[match[1]!.toLowerCase()] = match[2]!.trim();
	}
	if (url.username || url.password) {
		const user = decodeURIComponent(url.username);
		const password = decodeURIComponent(url.password);
		headers.authorization ??= `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
		url.username = '';
		url.password = '';
	}

	const path = url.pathname.replace(/\/+$/, '');
	const endpoint = /\/debug\/pprof(\/[^/]*)?$|\/debug\/vars$|\/metrics$/.exec(path);
	const prefix = endpoint ? path.slice(0, endpoint.index) : path;
	const pasted = endpoint ? `${endpoint[0]}${url.search}` : url.search;
	url.pathname = '/';
	url.search = '';
	url.hash = '';

	return {
		baseUrl: url,
		display: `${url.protocol}//${url.host}${prefix}`,
		headers,
		timeoutMs: flags.timeoutMs,
		maxBytes: flags.maxBytes,
		insecure: flags.insecure,
		pprofPath: joinPath(prefix, flags.pprofPath ?? '/debug/pprof'),
		varsPath: joinPath(prefix, flags.varsPath ?? '/debug/vars'),
		metricsPath: joinPath(prefix, flags.metricsPath ?? '/metrics'),
		source: flags.source ?? 'auto',
		note: pasted && pasted !== '/debug/pprof' ? `taking ${url.protocol}//${url.host}${prefix} as the target (the URL pointed at ${safeText(pasted, 80)})` : undefined,
	};
}

function joinPath(prefix: string, path: string): string {
	const clean = `/${path.replace(/^\/+/, '').replace(/\/+$/, '')}`;
	return `${prefix}${clean}`.replace(/\/{2,}/g, '/');
}

export function endpointUrl(config: TargetConfig, path: string, query: Record<string, string> = {}): URL {
	const url = new URL(path, config.baseUrl);
	for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
	return url;
}
