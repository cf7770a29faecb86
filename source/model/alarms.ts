import {crosses, formatBytesDelta, formatCountDelta, formatThreshold, type Threshold} from '../format/units.js';
import type {SeriesName, State} from './state.js';

/** `--alert-heap-growth` / `--alert-goroutine-growth`: growth since the baseline, as `check` measures it. */
export interface AlarmThresholds {
	heap?: Threshold;
	goroutines?: Threshold;
}

export type AlarmName = keyof AlarmThresholds;

export interface Alarm {
	readonly name: AlarmName;
	readonly text: string;
}

const SERIES: Record<AlarmName, {series: SeriesName; label: string; delta: (v: number) => string}> = {
	heap: {series: 'heapInuse', label: 'heap in use', delta: formatBytesDelta},
	goroutines: {series: 'goroutines', label: 'goroutines', delta: formatCountDelta},
};

/** The alarms crossed now: pure, from the series since the baseline. */
export function activeAlarms(state: State, thresholds: AlarmThresholds): Alarm[] {
	const alarms: Alarm[] = [];
	for (const name of Object.keys(SERIES) as AlarmName[]) {
		const threshold = thresholds[name];
		if (!threshold) continue;
		const {series, label, delta} = SERIES[name];
		const times = state.times.toArray();
		const values = state.series[series].toArray();
		const since = state.baselineTime ?? times[0] ?? 0;
		const first = values.findIndex((v, i) => Number.isFinite(v) && times[i]! >= since);
		const last = values.findLastIndex(Number.isFinite);
		if (first < 0 || last <= first) continue;
		const growth = values[last]! - values[first]!;
		if (crosses(threshold, values[first]!, growth)) {
			alarms.push({name, text: `${label} grew ${delta(growth)} since the baseline (alert at ${formatThreshold(threshold)})`});
		}
	}
	return alarms;
}
