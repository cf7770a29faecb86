/**
 * @module The few calls of the Prometheus HTTP API the fleet view needs:
 * instant queries and range queries, gzip-compressed. Labels and values come
 * from a server we do not control: label values are escaped, values parsed
 * as numbers.
 */
import {LeakwatchError} from '../errors.js';
import {describeUrl, httpGet} from '../fetch/http.js';
import {safeSnippet, safeText} from '../decode/sanitize.js';
import {endpointUrl, type TargetConfig} from '../target/config.js';

export interface Series {
	readonly labels: Readonly<Record<string, string>>;
	readonly values: ReadonlyArray<[time: number, value: number]>;
}

export class PrometheusClient {
	constructor(readonly config: TargetConfig) {}

	/** An instant query at `time` (ms): one value per series. Every query of one refresh names the same time. */
	async query(promql: string, time: number, signal?: AbortSignal): Promise<Series[]> {
		return this.call('/api/v1/query', {query: promql, time: String(time / 1000)}, signal);
	}

	async queryRange(promql: string, startMs: number, endMs: number, stepMs: number, signal?: AbortSignal): Promise<Series[]> {
		return this.call('/api/v1/query_range', {query: promql, start: String(startMs / 1000), end: String(endMs / 1000), step: `${Math.max(1, Math.round(stepMs / 1000))}s`}, signal);
	}

	private async call(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<Series[]> {
		// A Prometheus behind a path prefix (https://host/prometheus) keeps it.
		const prefix = new URL(this.config.display).pathname.replace(/\/+$/, '');
		const url = endpointUrl(this.config, `${prefix}${path}`, query);
		const response = await httpGet(url, {headers: this.config.headers, timeoutMs: this.config.timeoutMs, maxBytes: this.config.maxBytes, insecure: this.config.insecure, gzip: true, signal});
		const where = describeUrl(url);
		let body: {status?: string; error?: string; data?: {resultType?: string; result?: unknown[]}};
		try {
			body = JSON.parse(response.body.toString('utf8'));
		} catch {
			if (response.status === 404) throw new LeakwatchError('not-found', `${where}: 404 Not Found; is this a Prometheus server?`, {status: 404});
			throw new LeakwatchError('bad-content', `${where}: not a Prometheus API answer (HTTP ${response.status}, not JSON)`);
		}
		if (body.status !== 'success') {
			const error = safeSnippet(String(body.error ?? `HTTP ${response.status}`), 160);
			throw new LeakwatchError(response.status === 400 || response.status === 422 ? 'usage' : 'http-status', `Prometheus refused the query: ${error}`);
		}
		return (body.data?.result ?? []).map((item) => toSeries(item, body.data?.resultType));
	}
}

function toSeries(item: unknown, type: string | undefined): Series {
	const raw = (item ?? {}) as {metric?: Record<string, unknown>; value?: [number, string]; values?: Array<[number, string]>};
	const labels: Record<string, string> = {};
	for (const [key, value] of Object.entries(raw.metric ?? {})) labels[safeText(key)] = safeText(String(value));
	const pairs = type === 'matrix' ? (raw.values ?? []) : raw.value ? [raw.value] : [];
	return {labels, values: pairs.map(([time, value]) => [Number(time) * 1000, Number(value)])};
}
