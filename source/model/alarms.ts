/**
 * @module `--alert-heap-growth` / `--alert-goroutine-growth`: growth since the
 * baseline as `check` measures it (the fitted growth of the live heap after
 * GC, and of the goroutine count), crossed or not. Pure.
 */
import {formatBytesDelta, formatCountDelta} from '../view/units.js';
import {crosses, formatThreshold, type Threshold} from './thresholds.js';
import type {Model} from './model.js';
import type {ProfileSeries} from './profile-series.js';
import type {Judgement} from './verdict.js';

export interface AlarmThresholds {
	readonly heap?: Threshold;
	readonly goroutines?: Threshold;
}

export type AlarmName = keyof AlarmThresholds;

export interface Alarm {
	readonly name: AlarmName;
	readonly text: string;
}

/** The alarms crossed now. None until the signal has the three points a growth needs. */
export function activeAlarms(model: Model, thresholds: AlarmThresholds): Alarm[] {
	const alarms: Alarm[] = [];
	const check = (name: AlarmName, label: string, judgement: Judgement, points: ProfileSeries, delta: (v: number) => string) => {
		const threshold = thresholds[name];
		if (!threshold || !Number.isFinite(judgement.ratePerMinute)) return;
		const start = points.values[0] ?? 0;
		if (crosses(threshold, start, judgement.growth)) {
			alarms.push({name, text: `${label} grew ${delta(judgement.growth)} since the baseline (alert at ${formatThreshold(threshold)})`});
		}
	};
	check('heap', 'live heap', model.liveHeap, model.liveHeapPoints, formatBytesDelta);
	check('goroutines', 'goroutines', model.goroutineCount, model.goroutinePoints, formatCountDelta);
	return alarms;
}
