import type {PrometheusClient, Series} from './prometheus-client.js';

/**
 * Many instances through Prometheus: it has already scraped every process's
 * runtime metrics, so leakwatch asks it, ranks instances by how fast they grow
 * over a window, and leaves the diagnosis of one to the live dashboard.
 */
export interface FleetInstance {
	instance: string;
	job: string;
	heapInuseBytes: number;
	heapGrowthBytesPerMinute: number;
	goroutines: number;
	goroutineGrowthPerMinute: number;
	rssBytes: number;
	rssGrowthBytesPerMinute: number;
	openFds: number;
	openFdGrowthPerMinute: number;
	/** Fastest relative growth of the four, per hour (0.1 = 10% an hour): what the list is sorted by. */
	score: number;
	/** Heap in use over the window, for a sparkline. */
	heapTrend: number[];
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

export async function fleetSnapshot(client: PrometheusClient, selector: string, windowMs: number, now = Date.now()): Promise<FleetInstance[]> {
	const range = `${Math.max(1, Math.round(windowMs / 1000))}s`;
	const signals = Object.keys(FLEET_SIGNALS) as Signal[];
	const [current, growth, trend] = await Promise.all([
		Promise.all(signals.map((signal) => client.query(withSelector(FLEET_SIGNALS[signal], selector)))),
		// deriv: the least-squares slope over the window, per second; Prometheus does the work.
		Promise.all(signals.map((signal) => client.query(`deriv(${withSelector(FLEET_SIGNALS[signal], selector)}[${range}]) * 60`))),
		client.queryRange(withSelector(FLEET_SIGNALS.heap, selector), now - windowMs, now, windowMs / 24),
	]);
	return combineFleet(signals, current, growth, trend);
}

/** Query results → one row per instance, fastest relative growth first. Pure. */
export function combineFleet(signals: readonly Signal[], current: Series[][], growth: Series[][], trend: Series[]): FleetInstance[] {
	const rows = new Map<string, FleetInstance>();
	const row = (series: Series) => {
		const instance = series.labels.instance ?? '?';
		let found = rows.get(instance);
		if (!found) {
			found = {
				instance,
				job: series.labels.job ?? '',
				heapInuseBytes: Number.NaN,
				heapGrowthBytesPerMinute: Number.NaN,
				goroutines: Number.NaN,
				goroutineGrowthPerMinute: Number.NaN,
				rssBytes: Number.NaN,
				rssGrowthBytesPerMinute: Number.NaN,
				openFds: Number.NaN,
				openFdGrowthPerMinute: Number.NaN,
				score: 0,
				heapTrend: [],
			};
			rows.set(instance, found);
		}
		return found;
	};
	const fields: Record<Signal, [keyof FleetInstance, keyof FleetInstance]> = {
		heap: ['heapInuseBytes', 'heapGrowthBytesPerMinute'],
		goroutines: ['goroutines', 'goroutineGrowthPerMinute'],
		rss: ['rssBytes', 'rssGrowthBytesPerMinute'],
		fds: ['openFds', 'openFdGrowthPerMinute'],
	};
	signals.forEach((signal, i) => {
		const [valueField, growthField] = fields[signal];
		for (const series of current[i] ?? []) (row(series) as unknown as Record<string, number>)[valueField] = series.values[0]?.[1] ?? Number.NaN;
		for (const series of growth[i] ?? []) (row(series) as unknown as Record<string, number>)[growthField] = series.values[0]?.[1] ?? Number.NaN;
	});
	for (const series of trend) row(series).heapTrend = series.values.map(([, value]) => value);
	for (const instance of rows.values()) {
		const relative = (value: number, perMinute: number) => (value > 0 && Number.isFinite(perMinute) ? (perMinute * 60) / value : 0);
		instance.score = Math.max(
			0,
			relative(instance.heapInuseBytes, instance.heapGrowthBytesPerMinute),
			relative(instance.goroutines, instance.goroutineGrowthPerMinute),
			relative(instance.rssBytes, instance.rssGrowthBytesPerMinute),
			relative(instance.openFds, instance.openFdGrowthPerMinute),
		);
	}
	return [...rows.values()].sort((a, b) => b.score - a.score || (a.instance < b.instance ? -1 : 1));
}
