import type {CheckVerdict} from '../model/check-report.js';
import {formatBytes, formatBytesDelta, formatCountDelta, formatNanos} from './units.js';

/** The human report of `leakwatch check`: what a CI log or a cron mail shows. */
export function checkText({report, reasons}: CheckVerdict): string {
	const lines: string[] = [];
	const {heap, gc, goroutines} = report;
	lines.push(`leakwatch check ${report.target} over ${report.durationSeconds}s`);
	lines.push(
		`  heap in use  ${formatBytes(heap.startInuseBytes)} → ${formatBytes(heap.endInuseBytes)}  (${formatBytesDelta(heap.growthBytes)}, ${formatBytesDelta(heap.growthBytesPerMinute)}/min)`,
	);
	lines.push(`  GC           ${gc.cycles} cycles, ${formatNanos(gc.pauseTotalNs)} paused`);
	lines.push(`  goroutines   ${goroutines.start} → ${goroutines.end}  (${formatCountDelta(goroutines.growth)})`);
	lines.push('');
	if (report.growingSites.length > 0) {
		lines.push('Allocation sites growing steadily:');
		for (const site of report.growingSites) {
			lines.push(
				`  ${formatBytesDelta(site.growthBytes).padStart(10)}  ${formatCountDelta(site.growthObjects).padStart(7)} obj  ${formatBytes(site.inuseBytes).padStart(9)} in use  ${site.function}`,
			);
			lines.push(`  ${' '.repeat(43)}${site.file}:${site.line}`);
		}
	} else {
		lines.push('No allocation site grew steadily.');
	}
	lines.push('');
	if (report.goroutineGroups.length > 0) {
		lines.push('Goroutine groups growing steadily:');
		for (const group of report.goroutineGroups) {
			lines.push(`  ${formatCountDelta(group.growth).padStart(7)}  (${group.count} now)  ${group.function}  ${group.file}:${group.line}`);
			for (const frame of group.stack) lines.push(`            ${frame}`);
		}
	} else {
		lines.push('No goroutine group grew steadily.');
	}
	lines.push('');
	lines.push(report.leakSuspected ? `LEAK SUSPECTED: ${reasons.join('; ')}` : 'No leak suspected.');
	return `${lines.join('\n')}\n`;
}
