import {LeakwatchError} from '../errors.js';
import {describeUrl, httpGet, type HttpResponse} from '../fetch/http.js';
import {decodeAs, type DecodedProfiles, type ProfileKind} from '../decode/profile-kinds.js';
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

export interface FetchedProfile<P> {
	readonly profile: P;
	/** The gzipped bytes as served: what a snapshot writes for `go tool pprof`. */
	readonly raw: Uint8Array;
}

/** A decompressed profile may be this many times the response cap. */
const INFLATE_FACTOR = 4;

/**
 * The Go-aware side of fetching: which path serves what, and what a status
 * code means for a Go service. Returns decoded data or throws a
 * LeakwatchError with advice the user can act on.
 */
export class TargetClient {
	/** The few endpoint URLs, built once: a URL costs more to parse than the poll that uses it. */
	private readonly urls = new Map<string, URL>();

	constructor(readonly config: TargetConfig) {}

	async vars(signal?: AbortSignal): Promise<FetchedVars> {
		const url = this.url(this.config.varsPath);
		const response = await this.get(url, 'expvar', signal);
		const raw = response.body.toString('utf8');
		return {vars: decodeVars(raw, describeUrl(url)), raw};
	}

	/** Prometheus /metrics (client_golang), read into the same Vars as expvar. */
	async metrics(signal?: AbortSignal): Promise<FetchedVars> {
		const url = this.url(this.config.metricsPath);
		const response = await this.get(url, 'metrics', signal);
		const raw = response.body.toString('utf8');
		return {vars: metricsToVars(decodeMetrics(raw, describeUrl(url))), raw};
	}

	async index(signal?: AbortSignal): Promise<ProfileCounts> {
		const url = this.url(`${this.config.pprofPath}/`);
		const response = await this.get(url, 'pprof', signal);
		return decodeIndex(response.body.toString('utf8'), describeUrl(url));
	}

	/**
	 * debug=0 (gzipped proto). gc=1 only when the user asked for it: it forces a GC on the target.
	 * Bytes the same as `previous`'s give back `previous` undecoded. (Go stamps every profile with
	 * the time it was taken, so only a server that caches profiles serves the same bytes twice.)
	 */
	async profile<K extends ProfileKind>(
		kind: K,
		options: {gc?: boolean; signal?: AbortSignal; previous?: FetchedProfile<DecodedProfiles[K]>} = {},
	): Promise<FetchedProfile<DecodedProfiles[K]>> {
		const url = options.gc ? endpointUrl(this.config, `${this.config.pprofPath}/${kind}`, {gc: '1'}) : this.url(`${this.config.pprofPath}/${kind}`);
		const response = await this.get(url, 'pprof', options.signal);
		if (options.previous && Buffer.compare(options.previous.raw, response.body) === 0) return options.previous;
		const what = `${kind} profile from ${describeUrl(url)}`;
		const profile = await decodeAs(kind, response.body, {maxBytes: this.config.maxBytes * INFLATE_FACTOR, what});
		return {profile, raw: response.body};
	}

	private url(path: string): URL {
		let url = this.urls.get(path);
		if (url === undefined) {
			url = endpointUrl(this.config, path);
			this.urls.set(path, url);
		}
		return url;
	}

	private async get(url: URL, handler: Handler, signal: AbortSignal | undefined): Promise<HttpResponse> {
		const response = await httpGet(url, {
			headers: this.config.headers,
			timeoutMs: this.config.timeoutMs,
			maxBytes: this.config.maxBytes,
			insecure: this.config.insecure,
			signal,
		});
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
	const body = safeSnippet(response.body.toString('utf8').trim().split('\n')[0] ?? '', 80);
	if (status === 404) {
		// pprof's own errors carry X-Go-Pprof; a bare 404 means nothing is registered at that path.
		if (response.headers['x-go-pprof']) {
			return new LeakwatchError('not-found', `${where}: 404 from pprof (${body || 'unknown profile'})`, {status});
		}
		return new LeakwatchError('not-found', `${where}: 404 Not Found; ${MISSING_ADVICE[handler]}`, {status});
	}
	if (status === 401 || status === 403) {
		return new LeakwatchError(
			'auth',
			`${where}: ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}; pass credentials with --header "Authorization: …" or user:password@ in the URL`,
			{status},
		);
	}
	if (status === 405) {
		return new LeakwatchError('http-status', `${where}: 405 Method Not Allowed (the handler refuses GET?)`, {status});
	}
	return new LeakwatchError('http-status', `${where}: HTTP ${status}${body ? ` (${body})` : ''}`, {status});
}
