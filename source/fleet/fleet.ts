/**
 * @module Many instances through Prometheus: it has already scraped every
 * process's runtime metrics, so leakwatch asks it, ranks the instances, and
 * leaves the diagnosis of one to the live dashboard.
 */
import type {PrometheusClient, Series} from './prometheus-client.js';

export interface FleetInstance {
	/** job and instance: two jobs may share an instance label. */
	readonly key: string;
	readonly instance: string;
	readonly job: string;
	readonly heapInuseBytes: number;
	readonly heapGrowthBytesPerMinute: number;
	readonly goroutines: number;
	readonly goroutineGrowthPerMinute: number;
	readonly rssBytes: number;
	readonly rssGrowthBytesPerMinute: number;
	readonly openFds: number;
	readonly openFdGrowthPerMinute: number;
	/** What the list is sorted by (higher first). */
	readonly score: number;
	/** Heap in use over the window, for a sparkline (rows on screen only). */
	readonly heapTrend: readonly number[];
}

export interface FleetSnapshot {
	readonly time: number;
	readonly windowMs: number;
	readonly instances: readonly FleetInstance[];
}

export const FLEET_SIGNALS = {
	heap: 'go_memstats_heap_inuse_bytes',
	goroutines: 'go_goroutines',
	rss: 'process_resident_memory_bytes',
	fds: 'process_open_fds',
} as const;

type Signal = keyof typeof FLEET_SIGNALS;

/** `{job="api"}` and a metric name → `go_goroutines{job="api"}`. */
export function withSelector(metric: string, selector: string): string {
	const inner = selector.trim().replace(/^\{|\}$/g, '').trim();
	return inner ? `${metric}{${inner}}` : metric;
}

export async function fleetSnapshot(client: PrometheusClient, selector: string, windowMs: number, now = Date.now()): Promise<FleetSnapshot> {
	const range = `${Math.max(1, Math.round(windowMs / 1000))}s`;
	const signals = Object.keys(FLEET_SIGNALS) as Signal[];
	const [current, growth, trend] = await Promise.all([
		Promise.all(signals.map((signal) => client.query(withSelector(FLEET_SIGNALS[signal], selector), now))),
		Promise.all(signals.map((signal) => client.query(`deriv(${withSelector(FLEET_SIGNALS[signal], selector)}[${range}]) * 60`, now))),
		client.queryRange(withSelector(FLEET_SIGNALS.heap, selector), now - windowMs, now, windowMs / 24),
	]);
	return {time: now, windowMs, instances: combineFleet(signals, current, growth, trend)};
}

/** Query results → one row per instance, fastest relative growth first. Pure. */
export function combineFleet(signals: readonly Signal[], current: Series[][], growth: Series[][], trend: Series[]): FleetInstance[] {
	const rows = new Map<string, Record<string, unknown>>();
	const row = (series: Series) => {
		const instance = series.labels.instance ?? '?';
		const job = series.labels.job ?? '';
		const key = `${job}/${instance}`;
		let found = rows.get(key);
		if (!found) {
			found = {key, instance, job, heapInuseBytes: NaN, heapGrowthBytesPerMinute: NaN, goroutines: NaN, goroutineGrowthPerMinute: NaN, rssBytes: NaN, rssGrowthBytesPerMinute: NaN, openFds: NaN, openFdGrowthPerMinute: NaN, score: 0, heapTrend: []};
			rows.set(key, found);
		}
		return found;
	};
	const fields: Record<Signal, [string, string]> = {
		heap: ['heapInuseBytes', 'heapGrowthBytesPerMinute'],
		goroutines: ['goroutines', 'goroutineGrowthPerMinute'],
		rss: ['rssBytes', 'rssGrowthBytesPerMinute'],
		fds: ['openFds', 'openFdGrowthPerMinute'],
	};
	signals.forEach((signal, i) => {
		const [valueField, growthField] = fields[signal];
		for (const series of current[i] ?? []) row(series)[valueField] = series.values[0]?.[1] ?? NaN;
		for (const series of growth[i] ?? []) row(series)[growthField] = series.values[0]?.[1] ?? NaN;
	});
	for (const series of trend) row(series).heapTrend = series.values.map(([, value]) => value);
	const instances = [...rows.values()] as unknown as FleetInstance[];
	const relative = (value: number, perMinute: number) => (value > 0 && Number.isFinite(perMinute) ? (perMinute * 60) / value : 0);
	return instances
		.map((instance) => ({
			...instance,
			score: Math.max(0, relative(instance.heapInuseBytes, instance.heapGrowthBytesPerMinute), relative(instance.goroutines, instance.goroutineGrowthPerMinute), relative(instance.rssBytes, instance.rssGrowthBytesPerMinute), relative(instance.openFds, instance.openFdGrowthPerMinute)),
		}))
		.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
}

/** "10.0.0.7:9100" → the instance's pprof URL, on another port when the scrape port is not it. */
export function instanceUrl(instance: string, pprofPort: number | undefined, scheme = 'http'): string {
	const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(instance);
	const host = match?.[1] ?? instance;
	const port = pprofPort ?? (match?.[2] ? Number(match[2]) : undefined);
	return `${scheme}://${host}${port ? `:${port}` : ''}`;
}
