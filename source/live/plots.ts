import {formatBytes, formatCount, formatNanos} from '../format/units.js';
import type {SeriesName} from '../model/state.js';
import type {Series} from './dashboard-data.js';

/**
 * What each plot shows. Three always (heap in use, GC per interval, goroutines);
 * one more slot cycles with `v` through the other runtime signals and the
 * service's own vars (--var).
 */
export interface PlotSpec {
	readonly name: string;
	readonly values: readonly number[];
	/** A second line in the same axes (the GC goal, memory held from the OS). */
	readonly overlay?: readonly number[];
	readonly format: (value: number) => string;
	/** Extra title text. */
	readonly extra?: string;
	readonly color: string;
	readonly alarm?: boolean;
}

const GC_AVERAGE = 10;

export function corePlots(series: Series, points: number, alarms: readonly string[]): PlotSpec[] {
	const s = (name: SeriesName) => series.points(name, points);
	const gcPause = lastFinite(s('gcLastPauseNs'));
	return [
		{name: 'heap in use', values: s('heapInuse'), format: formatBytes, color: 'cyan', alarm: alarms.includes('heap')},
		// Cycles per poll flip between 0 and 1; averaged over 10 polls the rate reads as a line.
		{
			name: 'GC/interval',
			values: movingAverage(series.points('gcCycles', points + GC_AVERAGE - 1), GC_AVERAGE).slice(-points),
			format: formatRate,
			extra: Number.isFinite(gcPause) ? ` last pause ${formatNanos(gcPause)}` : '',
			color: 'magenta',
		},
		{name: 'goroutines', values: s('goroutines'), format: formatCount, color: 'green', alarm: alarms.includes('goroutines')},
	];
}

/** The plots `v` cycles through. */
export function extraPlots(series: Series, points: number): PlotSpec[] {
	const s = (name: SeriesName) => series.points(name, points);
	const inuse = s('heapInuse');
	const held = s('heapSys').map((sys, i) => sys - (s('heapReleased')[i] ?? Number.NaN));
	const nextGC = s('nextGC');
	const plots: PlotSpec[] = [
		{name: 'heap vs GC goal', values: inuse, overlay: nextGC, format: formatBytes, extra: ` goal ${formatBytes(lastFinite(nextGC))}`, color: 'cyan'},
		// Why RSS does not match the heap profile: memory the runtime holds but has not returned.
		{name: 'heap in use vs held', values: inuse, overlay: held, format: formatBytes, extra: ` held ${formatBytes(lastFinite(held))}`, color: 'cyan'},
		// An unclosed-resource leak shows in RSS and open files before it shows in the heap.
		{name: 'RSS vs heap in use', values: s('rss'), overlay: inuse, format: formatBytes, extra: ` heap ${formatBytes(lastFinite(inuse))}`, color: 'yellow'},
		{name: 'open files', values: s('openFds'), format: formatCount, color: 'yellow'},
		{name: 'threads', values: s('threads'), format: formatCount, color: 'yellow'},
		{name: 'GC CPU', values: s('gcCpuFraction').map((f) => f * 100), format: (v) => `${v.toFixed(2)}%`, color: 'magenta'},
	];
	for (const name of series.customNames) {
		const values = series.custom(name, points + 1);
		const times = series.times(points + 1);
		const counter = isCounter(values);
		plots.push({
			name: counter ? `${name}/s` : name,
			values: counter ? ratePerSecond(times, values).slice(-points) : values.slice(-points),
			format: formatRate,
			color: 'blue',
		});
	}
	return plots;
}

/** Only ever rises (and did rise): a counter, better read as a rate. */
export function isCounter(values: readonly number[]): boolean {
	const finite = values.filter(Number.isFinite);
	if (finite.length < 3) return false;
	for (let i = 1; i < finite.length; i++) if (finite[i]! < finite[i - 1]!) return false;
	return finite.at(-1)! > finite[0]!;
}

export function ratePerSecond(times: readonly number[], values: readonly number[]): number[] {
	const result: number[] = [];
	for (let i = 1; i < values.length; i++) {
		const dt = (times[i]! - times[i - 1]!) / 1000;
		result.push(dt > 0 ? (values[i]! - values[i - 1]!) / dt : Number.NaN);
	}
	return result;
}

/** Mean of the last `window` finite values at each point. */
export function movingAverage(values: readonly number[], window: number): number[] {
	const result: number[] = [];
	let sum = 0;
	let n = 0;
	for (let i = 0; i < values.length; i++) {
		if (Number.isFinite(values[i]!)) {
			sum += values[i]!;
			n++;
		}
		if (i >= window && Number.isFinite(values[i - window]!)) {
			sum -= values[i - window]!;
			n--;
		}
		result.push(n > 0 ? sum / n : Number.NaN);
	}
	return result;
}

/** Small rates (GC cycles per poll, requests per second) with one decimal. */
export function formatRate(value: number): string {
	return Math.abs(value) < 10 ? value.toFixed(1) : formatCount(value);
}

export function lastFinite(values: readonly number[]): number {
	for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return values[i]!;
	return Number.NaN;
}
