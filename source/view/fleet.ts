/**
 * @module The fleet list: one row per instance Prometheus scrapes, the most
 * urgent first.
 */
import type {App} from '../app/state.js';
import {LIST_KEYS} from '../app/keys.js';
import type {FleetInstance} from '../fleet/fleet.js';
import {listScreen} from './list-screen.js';
import type {Line} from './style.js';
import {fit, fitLeft, padStart, sparkline} from './text.js';
import {formatBytes, formatBytesDelta, formatCount, formatCountDelta} from './units.js';

/** Growing faster than this (5% an hour) is marked. */
const ALERT_SCORE = 0.05;

export interface FleetRow {
	readonly key: string;
	readonly instance: FleetInstance;
}

export function fleetRows(app: App): FleetRow[] {
	const needle = app.list.filter.toLowerCase();
	return (app.fleet?.snapshot?.instances ?? [])
		.filter((instance) => !needle || `${instance.job} ${instance.instance}`.toLowerCase().includes(needle))
		.map((instance) => ({key: instance.key, instance}));
}

export function fleetColumns(width: number): {header: string; row: (instance: FleetInstance) => string} {
	const nameWidth = Math.max(16, Math.min(36, width - 104));
	const value = (v: number, format: (n: number) => string) => (Number.isFinite(v) ? format(v) : '—');
	return {
		header: `  ${fit('instance', nameWidth)} ${fit('job', 10)}${padStart('heap', 10)}${padStart('/min', 11)}  ${fit('trend', 10)}${padStart('gorout.', 8)}${padStart('/min', 7)}${padStart('RSS', 10)}${padStart('/min', 11)}${padStart('fds', 7)}${padStart('/min', 7)}`,
		row: (row) =>
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
			padStart(value(row.openFdGrowthPerMinute, (n) => formatCountDelta(Math.round(n))), 7),
	};
}

export function fleetScreen(app: App): Line[] {
	const fleet = app.fleet!;
	const {header, row} = fleetColumns(app.size.columns);
	const rows = fleetRows(app).map(({key, instance}) => ({key, text: row(instance), style: instance.score >= ALERT_SCORE ? {bold: true, fg: 'yellow' as const} : undefined}));
	const count = fleet.snapshot?.instances.length ?? 0;
	const updated = fleet.updatedAt ? ` · updated ${new Date(fleet.updatedAt).toTimeString().slice(0, 8)}` : '';
	return listScreen(app, {
		title: `leakwatch fleet  ${fleet.prometheus} · ${count} instances · growth over ${fleet.windowText}${updated}`,
		columns: header,
		rows,
		status: fleet.error ? `Prometheus: ${fleet.error}` : '↵ open the live dashboard on the instance · esc back · j/k move · / filter · ? help · q quit',
		statusStyle: fleet.error ? {fg: 'red'} : undefined,
		empty: fleet.error ? '' : 'Asking Prometheus…',
		keys: LIST_KEYS,
	});
}
