/**
 * @module The fleet list: one row per instance Prometheus scrapes, the most
 * urgent first.
 */
import type {App} from '../app/state.js';
import {LIST_KEYS} from '../app/keys.js';
import {ago, type FleetInstance, type FleetStatus} from '../fleet/fleet.js';
import {listScreen} from './list-screen.js';
import type {Line} from './style.js';
import {fit, fitLeft, padStart, sparkline} from './text.js';
import {formatBytes, formatCount, formatCountDelta, formatRate} from './units.js';

const URGENT: ReadonlySet<FleetStatus> = new Set(['oom-loop', 'leaking', 'goroutine-leak', 'fd-leak']);
const MUTED: ReadonlySet<FleetStatus> = new Set(['new', 'restarted', 'gone']);

export interface FleetRow {
	readonly key: string;
	readonly instance: FleetInstance;
}

export function fleetRows(app: App): FleetRow[] {
	const needle = app.list.filter.toLowerCase();
	return (app.fleet?.snapshot?.instances ?? [])
		.filter((instance) => !needle || `${instance.job} ${instance.instance} ${instance.status}`.toLowerCase().includes(needle))
		.map((instance) => ({key: instance.key, instance}));
}

/** The columns, widest name first on wide terminals; a value not known is —. */
export function fleetColumns(width: number): {header: string; row: (instance: FleetInstance) => string} {
	const nameWidth = Math.max(16, Math.min(40, width - 112));
	const known = (v: number | null, format: (n: number) => string) => (v !== null && Number.isFinite(v) ? format(v) : '—');
	const limitIn = (row: FleetInstance) =>
		row.status === 'oom-loop' ? 'OOM loop' : row.timeToLimitSeconds !== null ? (row.timeToLimitSeconds === 0 ? 'at limit' : `~${ago(row.timeToLimitSeconds * 1000)}`) : row.limitBytes === null ? 'no limit' : '—';
	const rate = (row: FleetInstance) => (row.heapGrowthBytesPerMinute === null ? '—' : formatRate(row.heapGrowthBytesPerMinute, row.heapRateUncertainty ?? Number.NaN, 'bytes'));
	const perHour = (perMinute: number | null) => known(perMinute, (n) => (Math.abs(n * 60) < 0.5 ? '0' : formatCountDelta(Math.round(n * 60))));
	return {
		header: `  ${fit('instance', nameWidth)} ${fit('job', 10)} ${fit('status', 15)}${padStart('limit in', 10)}${padStart('live heap', 11)} ${fit('rate', 22)}${padStart('gorout.', 8)}${padStart('/h', 7)}${padStart('fds', 6)}${padStart('/h', 6)}${padStart('restarts', 9)}  trend`,
		row: (row) =>
			fitLeft(row.instance, nameWidth) +
			' ' +
			fit(row.job, 10) +
			' ' +
			fit(row.status, 15) +
			padStart(limitIn(row), 10) +
			padStart(known(row.liveHeapBytes, formatBytes), 11) +
			' ' +
			fit(rate(row), 22) +
			padStart(known(row.goroutines, formatCount), 8) +
			padStart(perHour(row.goroutineGrowthPerMinute), 7) +
			padStart(known(row.openFds, formatCount), 6) +
			padStart(perHour(row.openFdGrowthPerMinute), 6) +
			padStart(row.restarts > 0 ? String(row.restarts) : '', 9) +
			'  ' +
			sparkline(row.heapTrend, 10),
	};
}

export function fleetScreen(app: App): Line[] {
	const fleet = app.fleet!;
	const {header, row} = fleetColumns(app.size.columns);
	const rows = fleetRows(app).map(({key, instance}) => ({
		key,
		text: row(instance),
		style: URGENT.has(instance.status) ? {bold: true, fg: 'yellow' as const} : MUTED.has(instance.status) ? {dim: true} : undefined,
	}));
	const instances = fleet.snapshot?.instances ?? [];
	const count = instances.length;
	const urgent = instances.filter((instance) => URGENT.has(instance.status)).length;
	const updated = fleet.updatedAt ? ` · updated ${new Date(fleet.updatedAt).toTimeString().slice(0, 8)}` : '';
	return listScreen(app, {
		title: `leakwatch fleet  ${fleet.prometheus} · ${count} instances, ${urgent} leaking · over ${fleet.windowText}${updated}`,
		columns: header,
		rows,
		status: fleet.error ? `Prometheus: ${fleet.error}` : '↵ open the live dashboard on the instance · esc back · j/k move · / filter · ? help · q quit',
		statusStyle: fleet.error ? {fg: 'red'} : undefined,
		empty: fleet.error ? '' : 'Asking Prometheus…',
		keys: LIST_KEYS,
	});
}
