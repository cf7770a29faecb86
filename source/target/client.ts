/**
 * @module The Go-aware side of fetching: which path serves what, and what a
 * status code means for a Go service. Returns decoded vars and index, and
 * profiles as served (bytes: they are decoded in the decode thread), or
 * throws a LeakwatchError with advice the user can act on.
 */
import {LeakwatchError} from '../errors.js';
import {describeUrl, httpGet, type HttpResponse} from '../fetch/http.js';
import {decodeIndex, type ProfileCounts} from '../decode/pprof-index.js';
import {safeSnippet} from '../decode/sanitize.js';
import {decodeVars, type Vars} from '../decode/expvar.js';
import {decodeMetrics, metricsToVars} from '../decode/prometheus-text.js';
import {endpointUrl, type TargetConfig} from './config.js';

export interface FetchedVars {
	readonly vars: Vars;
	/** The body as served, for snapshots. */
	readonly raw: string;
}

export type ProfileKind = 'heap' | 'goroutine' | 'goroutineleak';

export class TargetClient {
	constructor(readonly config: TargetConfig) {}

	async vars(signal?: AbortSignal): Promise<FetchedVars> {
		const url = endpointUrl(this.config, this.config.varsPath);
		const raw = (await this.get(url, 'expvar', signal)).body.toString('utf8');
		return {vars: decodeVars(raw, describeUrl(url)), raw};
	}

	/** Prometheus /metrics (client_golang), read into the same Vars as expvar. */
	async metrics(signal?: AbortSignal): Promise<FetchedVars> {
		const url = endpointUrl(this.config, this.config.metricsPath);
		const raw = (await this.get(url, 'metrics', signal)).body.toString('utf8');
		return {vars: metricsToVars(decodeMetrics(raw, describeUrl(url))), raw};
	}

	async index(signal?: AbortSignal): Promise<ProfileCounts> {
		const url = endpointUrl(this.config, `${this.config.pprofPath}/`);
		const response = await this.get(url, 'pprof', signal);
		return decodeIndex(response.body.toString('utf8'), describeUrl(url));
	}

	/** A profile as served (debug=0: gzipped proto). gc=1 only when the user asked: it forces a GC on the target. */
	async profile(kind: ProfileKind, options: {gc?: boolean; signal?: AbortSignal} = {}): Promise<{raw: Buffer; what: string}> {
		const url = endpointUrl(this.config, `${this.config.pprofPath}/${kind}`, options.gc ? {gc: '1'} : {});
		const response = await this.get(url, 'pprof', options.signal);
		return {raw: response.body, what: `${kind} profile from ${describeUrl(url)}`};
	}

	private async get(url: URL, handler: Handler, signal: AbortSignal | undefined): Promise<HttpResponse> {
		const response = await httpGet(url, {headers: this.config.headers, timeoutMs: this.config.timeoutMs, maxBytes: this.config.maxBytes, insecure: this.config.insecure, signal});
		if (response.status >= 200 && response.status < 300) return response;
		throw statusError(response, url, handler);
	}
}

type Handler = 'pprof' | 'expvar' | 'metrics';

const MISSING_ADVICE: Record<Handler, string> = {
	pprof: 'the service does not serve net/http/pprof there: add import _ "net/http/pprof" (or set --pprof-path)',
	expvar: 'the service does not serve expvar there: add import _ "expvar" (or set --vars-path)',
	metrics: 'the service does not serve Prometheus metrics there (set --metrics-path)',
};

function statusError(response: HttpResponse, url: URL, handler: Handler): LeakwatchError {
	const where = describeUrl(url);
	const status = response.status;
	const body = safeSnippet(response.body.subarray(0, 400).toString('utf8').trim().split('\n')[0] ?? '', 80);
	if (status === 404) {
		// pprof's own errors carry X-Go-Pprof; a bare 404 means nothing is registered at that path.
		if (response.headers['x-go-pprof']) return new LeakwatchError('not-found', `${where}: 404 from pprof (${body || 'unknown profile'})`, {status});
		return new LeakwatchError('not-found', `${where}: 404 Not Found; ${MISSING_ADVICE[handler]}`, {status});
	}
	if (status === 401 || status === 403) {
		return new LeakwatchError('auth', `${where}: ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}; pass credentials with --header "Authorization: …" or user:password@ in the URL`, {status});
	}
	if (status === 405) return new LeakwatchError('http-status', `${where}: 405 Method Not Allowed (the handler refuses GET?)`, {status});
	return new LeakwatchError('http-status', `${where}: HTTP ${status}${body ? ` (${body})` : ''}`, {status});
}

/** A target that has no pprof at all (not merely a failing poll): what makes the dashboard give up at start. */
export function isMissingPprof(error: unknown): boolean {
	return error instanceof LeakwatchError && ((error.kind === 'not-found' && error.status === 404 && !/from pprof/.test(error.message)) || error.kind === 'bad-content');
}
