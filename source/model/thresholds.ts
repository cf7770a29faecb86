/**
 * @module A threshold the user set (--max-heap-growth, --alert-…): an amount,
 * or a percentage of the starting value, and whether a growth crosses it.
 */
import {formatBytes} from '../view/units.js';

export type Threshold = {kind: 'bytes'; bytes: number} | {kind: 'percent'; percent: number} | {kind: 'count'; count: number};

/** Whether growth from start crosses the threshold. */
export function crosses(threshold: Threshold, start: number, growth: number): boolean {
	switch (threshold.kind) {
		case 'bytes':
			return growth > threshold.bytes;
		case 'count':
			return growth > threshold.count;
		case 'percent':
			return start > 0 ? (growth / start) * 100 > threshold.percent : growth > 0;
	}
}

export function formatThreshold(threshold: Threshold): string {
	switch (threshold.kind) {
		case 'bytes':
			return formatBytes(threshold.bytes);
		case 'count':
			return String(threshold.count);
		case 'percent':
			return `${threshold.percent}%`;
	}
}
