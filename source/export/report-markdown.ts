import {formatBytes, formatBytesDelta, formatCount, formatCountDelta, formatDuration} from '../format/units.js';
import {companionIndex, rankTracked} from '../model/ranking.js';
import {siteStacksFromRaw} from '../model/site-stacks.js';
import type {GoroutineGroupInfo, SiteInfo} from '../model/sites.js';
import type {State} from '../model/state.js';
import {GOROUTINE_RULE, HEAP_RULE} from '../model/trend.js';

/**
 * report.md: what a snapshot says to someone reading a ticket. Names were
 * sanitised at decode; here they are only escaped for Markdown.
 */
export function reportMarkdown(state: State, target: string, now: number, top = 15): string {
	const out: string[] = [];
	const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
	out.push(`# leakwatch snapshot: ${cell(target)}`, '');
	if (state.cmdline) out.push(`- Process: \`${state.cmdline.replaceAll('`', "'")}\``);
	out.push(`- Exported: ${time(now)}`);
	const first = state.times.at(0);
	if (first) out.push(`- Watched since: ${time(first)} (${formatDuration(now - first)})`);
	if (state.baselineTime) out.push(`- Baseline: ${time(state.baselineTime)} (growth below counts from here)`);
	if (state.restarts.length > 0) out.push(`- Target restarts seen: ${state.restarts.toArray().map(time).join(', ')}`);
	out.push('');

	out.push('## Runtime', '', '| | first | latest | change |', '|---|---:|---:|---:|');
	const row = (name: string, values: number[], format: (v: number) => string, delta: (v: number) => string) => {
		const finite = values.filter(Number.isFinite);
		if (finite.length === 0) return;
		const a = finite[0]!;
		const b = finite.at(-1)!;
		out.push(`| ${name} | ${format(a)} | ${format(b)} | ${delta(b - a)} |`);
	};
	row('heap in use', state.series.heapInuse.toArray(), formatBytes, formatBytesDelta);
	row('heap objects', state.series.heapObjects.toArray(), formatCount, formatCountDelta);
	row('heap released to OS', state.series.heapReleased.toArray(), formatBytes, formatBytesDelta);
	row('goroutines', state.series.goroutines.toArray(), formatCount, formatCountDelta);
	row('threads created', state.series.threads.toArray(), formatCount, formatCountDelta);
	const cycles = state.series.gcCycles.toArray().filter(Number.isFinite);
	out.push(`| GC cycles in window | | ${cycles.reduce((a, b) => a + b, 0)} | |`, '');

	const heap = state.heap;
	const inuse = heap.sampleTypes.findIndex((vt) => vt.type === 'inuse_space');
	if (heap.tracker && inuse >= 0) {
		const ranked = rankTracked(heap.tracker, {valueIndex: inuse, secondaryIndex: companionIndex(heap.sampleTypes, inuse), order: 'growth', rule: HEAP_RULE})
			.filter((site) => site.current !== 0 || site.baseline !== 0)
			.slice(0, top);
		out.push(`## Heap allocation sites by growth (inuse_space, ${heap.tracker.sequence - heap.tracker.baselineSequence + 1} profiles)`, '');
		out.push('↑ = grew steadily through the window.', '');
		out.push('| | growth | in use | per min | objects | function | location |', '|---|---:|---:|---:|---:|---|---|');
		for (const site of ranked) {
			const frame = (site.info as SiteInfo).frame;
			out.push(
				`| ${site.steady ? '↑' : ''} | ${formatBytesDelta(site.growth)} | ${formatBytes(site.current)} | ${formatBytesDelta(site.trend.slopePerMinute)} | ${formatCountDelta(site.secondaryGrowth)} | ${cell(frame.function)} | ${cell(`${frame.file}:${frame.line}`)} |`,
			);
		}
		out.push('');
		for (const site of ranked.filter((s) => s.growth > 0).slice(0, 5)) {
			const frame = (site.info as SiteInfo).frame;
			out.push(`### ${cell(frame.function)}`, '');
			for (const stack of siteStacksFromRaw(heap.latest!.raw, heap.baseline?.raw, site.key, inuse).slice(0, 3)) {
				out.push(`    ${formatBytesDelta(stack.growth)} (${formatBytes(stack.current)} in use)`);
				for (const f of stack.frames) out.push(`        ${f.function}  ${f.file}:${f.line}`);
				out.push('');
			}
		}
	}

	const groups = state.goroutines.tracker;
	if (groups) {
		const ranked = rankTracked(groups, {valueIndex: 0, order: 'growth', rule: GOROUTINE_RULE}).slice(0, top);
		out.push('## Goroutine groups by growth', '', '| | growth | count | per min | first non-runtime frame | location |', '|---|---:|---:|---:|---|---|');
		for (const group of ranked) {
			const frame = (group.info as GoroutineGroupInfo).frame;
			out.push(
				`| ${group.steady ? '↑' : ''} | ${formatCountDelta(group.growth)} | ${formatCount(group.current)} | ${formatCountDelta(group.trend.slopePerMinute)} | ${cell(frame.function)} | ${cell(`${frame.file}:${frame.line}`)} |`,
			);
		}
		out.push('');
		for (const group of ranked.filter((g) => g.growth > 0).slice(0, 3)) {
			const info = group.info as GoroutineGroupInfo;
			out.push(`### ${cell(info.frame.function)} (${formatCount(group.current)} goroutines)`, '');
			for (const f of info.stack) out.push(`    ${f.function}  ${f.file}:${f.line}`);
			out.push('');
		}
	}

	out.push('## Files', '');
	out.push('- `heap.pb.gz`, `heap-base.pb.gz`: latest and baseline heap profiles: `go tool pprof -top -base heap-base.pb.gz heap.pb.gz`');
	out.push('- `goroutine.pb.gz`: latest goroutine profile: `go tool pprof -top goroutine.pb.gz`');
	out.push('- `vars.json`: the latest /debug/vars; `series.json`: every plotted series with timestamps');
	out.push('- `history/`: the most recent profiles, oldest first (`leakwatch replay` rebuilds the trends from them)');
	return `${out.join('\n')}\n`;
}

/** Text for a Markdown table cell: no pipes, backticks or newlines to break the table. */
function cell(text: string): string {
	return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('`', "'").replace(/[\r\n]/g, ' ');
}
