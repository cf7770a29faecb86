/**
 * @module The fleet list: one row per instance Prometheus scrapes, the most
 * urgent first.
 */
import type {App} from '../app/state.js';
import {LIST_KEYS} from '../app/keys.js';
import {ago, type FleetInstance, type FleetStatus} from '../fleet/fleet.js';
import {listScreen} from './list-screen.js';
import type {Line} from './style.js';
import {table, type Table} from './table.js';
import {sparkline} from './text.js';
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

/** On a narrow terminal these give way first, in this order: the least telling. */
const DROP_ORDER = ['trend', 'rate ± 95%', 'job', 'restarts', 'fds/h', 'gor/h', 'fds'];

/**
 * The columns that fit `width`; a value not known is —. The signals a leak
 * shows in (status, time to the limit, live heap and its rate, goroutines)
 * stay at 80 columns.
 */
export function fleetColumns(width: number): Table<FleetInstance> {
	const known = (v: number | null, format: (n: number) => string) => (v !== null && Number.isFinite(v) ? format(v) : '—');
	const limitIn = (row: FleetInstance) =>
		row.status === 'oom-loop' ? 'OOM loop' : row.timeToLimitSeconds !== null ? (row.timeToLimitSeconds === 0 ? 'at limit' : `~${ago(row.timeToLimitSeconds * 1000)}`) : row.limitBytes === null ? 'no limit' : '—';
	const rate = (uncertainty: boolean) => (row: FleetInstance) =>
		row.heapGrowthBytesPerMinute === null ? '—' : formatRate(row.heapGrowthBytesPerMinute, uncertainty ? (row.heapRateUncertainty ?? Number.NaN) : Number.NaN, 'bytes');
	const perHour = (perMinute: number | null) => known(perMinute, (n) => (Math.abs(n * 60) < 0.5 ? '0' : formatCountDelta(Math.round(n * 60))));
	return table<FleetInstance>(width, {title: 'instance', min: 16, max: 40, value: (row) => row.instance}, [
		{id: 'job', title: 'job', width: 10, left: true, value: (row) => row.job},
		{id: 'status', title: 'status', width: 15, left: true, value: (row) => row.status},
		{id: 'limit', title: 'limit in', width: 9, value: limitIn},
		{id: 'heap', title: 'live heap', width: 9, value: (row) => known(row.liveHeapBytes, formatBytes)},
		{id: 'rate ± 95%', title: 'live heap rate ± 95%', width: 22, left: true, value: rate(true)},
		{id: 'rate', title: 'heap rate', width: 13, left: true, value: rate(false), insteadOf: 'rate ± 95%'},
		{id: 'gor', title: 'gorout.', width: 7, value: (row) => known(row.goroutines, formatCount)},
		{id: 'gor/h', title: '/h', width: 6, value: (row) => perHour(row.goroutineGrowthPerMinute)},
		{id: 'fds', title: 'fds', width: 5, value: (row) => known(row.openFds, formatCount)},
		{id: 'fds/h', title: '/h', width: 5, value: (row) => perHour(row.openFdGrowthPerMinute)},
		{id: 'restarts', title: 'restarts', width: 8, value: (row) => (row.restarts > 0 ? String(row.restarts) : '')},
		{id: 'trend', title: 'trend', width: 10, left: true, value: (row) => sparkline(row.heapTrend, 10)},
	], DROP_ORDER);
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
