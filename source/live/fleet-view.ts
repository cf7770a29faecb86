import type {FleetInstance} from '../fleet/fleet.js';
import {formatBytes, formatBytesDelta, formatCount, formatCountDelta} from '../format/units.js';
import {fit, fitLeft, padStart, sparkline} from './text.js';
import type {Size} from './view-model.js';

/** The fleet list: one row per instance, fastest growth first. Pure. */
export interface FleetView {
	readonly title: string;
	readonly columns: string;
	readonly rows: ReadonlyArray<{text: string; selected: boolean; alert: boolean}>;
	readonly status: string;
}

/** Growing faster than this (5% an hour) is marked. */
const ALERT_SCORE = 0.05;

export function fleetRows(instances: readonly FleetInstance[], selected: number, columns: number): FleetView['rows'] {
	const nameWidth = Math.max(16, Math.min(36, columns - 104));
	return instances.map((row, i) => {
		const value = (v: number, format: (n: number) => string) => (Number.isFinite(v) ? format(v) : '—');
		const text =
			(i === selected ? '› ' : '  ') +
			fitLeft(row.instance, nameWidth) +
			' ' +
			fit(row.job, 10) +
			padStart(value(row.heapInuseBytes, formatBytes), 10) +
			padStart(value(row.heapGrowthBytesPerMinute, formatBytesDelta), 11) +
			'  ' +
			sparkline(row.heapTrend, 10) +
			padStart(value(row.goroutines, formatCount), 8) +
			padStart(value(row.goroutineGrowthPerMinute, (n) => formatCountDelta(Math.round(n))), 7) +
			padStart(value(row.rssBytes, formatBytes), 10) +
			padStart(value(row.rssGrowthBytesPerMinute, formatBytesDelta), 11) +
			padStart(value(row.openFds, formatCount), 7) +
			padStart(value(row.openFdGrowthPerMinute, (n) => formatCountDelta(Math.round(n))), 7);
		return {text: fit(text, columns), selected: i === selected, alert: row.score >= ALERT_SCORE};
	});
}

export function fleetView(instances: readonly FleetInstance[], selected: number, size: Size, about: {prometheus: string; window: string; error?: string; updated?: string}): FleetView {
	const nameWidth = Math.max(16, Math.min(36, size.columns - 104));
	const columns = `  ${fit('instance', nameWidth)} ${fit('job', 10)}${padStart('heap', 10)}${padStart('/min', 11)}  ${fit('trend', 10)}${padStart('gorout.', 8)}${padStart('/min', 7)}${padStart('RSS', 10)}${padStart('/min', 11)}${padStart('fds', 7)}${padStart('/min', 7)}`;
	const title = `leakwatch fleet  ${about.prometheus} · ${instances.length} instances · growth over ${about.window}${about.updated ? ` · updated ${about.updated}` : ''}`;
	return {
		title: fit(title, size.columns),
		columns: fit(columns, size.columns),
		rows: fleetRows(instances, selected, size.columns),
		status: fit(about.error ? `Prometheus: ${about.error}` : '↵ open the live dashboard on the instance · esc back · j/k move · q quit', size.columns),
	};
}

/** "10.0.0.7:9100" → the instance's pprof URL, on another port when the scrape port is not it. */
export function instanceUrl(instance: string, pprofPort: number | undefined, scheme = 'http'): string {
	const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(instance);
	const host = match?.[1] ?? instance;
	const port = pprofPort ?? (match?.[2] ? Number(match[2]) : undefined);
	return `${scheme}://${host}${port ? `:${port}` : ''}`;
}
