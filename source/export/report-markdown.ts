/**
 * @module report.md: what a snapshot says to someone reading a ticket, with
 * the same verdicts the dashboard and `check` give. Names were made safe at
 * decode; here they are only escaped for Markdown.
 */
import type {GoroutineGroup} from '../decode/goroutine-groups.js';
import type {HeapSite} from '../decode/heap-sites.js';
import type {SiteStacks} from '../decode/site-stacks.js';
import type {History} from '../model/history.js';
import {rankingAt, type Model} from '../model/model.js';
import type {Judgement} from '../model/verdict.js';
import {movedLine, VERDICT_TEXT} from '../view/list.js';
import {formatBytes, formatBytesDelta, formatCount, formatCountDelta, formatDuration, formatRate} from '../view/units.js';

export function reportMarkdown(model: Model, target: string, now: number, stacks: ReadonlyMap<string, SiteStacks> = new Map(), top = 15): string {
	const out: string[] = [];
	const time = (ms: number) => `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
	out.push(`# leakwatch snapshot: ${cell(target)}`, '');
	if (model.cmdline) out.push(`- Process: \`${model.cmdline.replaceAll('`', "'")}\``);
	out.push(`- Exported: ${time(now)}`);
	const first = model.firstGoodTime;
	if (first) out.push(`- Watched since: ${time(first)} (${formatDuration(now - first)})`);
	if (model.baselineTime) out.push(`- Baseline: ${time(model.baselineTime)} (growth below counts from here)`);
	if (model.restarts.length > 0) out.push(`- Target restarts seen: ${model.restarts.map(time).join(', ')}`);
	if (model.heap.period > 0) out.push(`- Heap profile sampling: one sample per ${formatBytes(model.heap.period)} allocated (runtime.MemProfileRate)`);
	out.push('');

	out.push('## Runtime', '', '| | first | latest | rate (95%) | verdict |', '|---|---:|---:|---:|---|');
	const row = (name: string, history: History, format: (v: number) => string, judgement?: Judgement, unit?: 'bytes' | 'count') => {
		const firstValue = firstFinite(history);
		const last = history.valueAt();
		if (!Number.isFinite(firstValue) && !Number.isFinite(last)) return;
		const rate = judgement && unit ? formatRate(judgement.ratePerMinute, judgement.rateUncertainty, unit) : '';
		out.push(`| ${name} | ${format(firstValue)} | ${format(last)} | ${rate} | ${judgement ? VERDICT_TEXT[judgement.verdict] : ''} |`);
	};
	row('heap in use (rides the GC sawtooth)', model.series.heapInuse, formatBytes);
	row('live heap after GC', model.series.heapLive, formatBytes, model.liveHeap, 'bytes');
	row('GC goal', model.series.nextGC, formatBytes);
	row('RSS', model.series.rss, formatBytes);
	row('goroutines', model.series.goroutines, formatCount, model.goroutineCount, 'count');
	row('threads created', model.series.threads, formatCount);
	row('open files', model.series.openFds, formatCount);
	out.push('');

	const heap = rankingAt(model.heap);
	if (heap) {
		const inuse = model.heap.sampleTypes.findIndex((vt) => vt.type === 'inuse_space');
		const objects = model.heap.sampleTypes.findIndex((vt) => vt.type === 'inuse_objects');
		const inUse = (values: readonly number[]) => values[inuse] !== 0 || (objects >= 0 && values[objects] !== 0);
		const rows = heap.rows.filter((r) => inUse(r.current) || inUse(r.growth)).slice(0, top);
		out.push(`## Heap allocation sites (inuse_space, ${heap.profiles} profiles since the baseline)`, '');
		out.push('| verdict | rate (95%) | in use | growth | objects | allocation site | line that moved most |', '|---|---:|---:|---:|---:|---|---|');
		for (const site of rows) {
			out.push(
				`| ${VERDICT_TEXT[site.judgement.verdict]} | ${formatRate(site.judgement.ratePerMinute, site.judgement.rateUncertainty, 'bytes')} | ${formatBytes(site.current[inuse] ?? 0)} | ${formatBytesDelta(site.growth[inuse] ?? 0)} | ${objects >= 0 ? formatCountDelta(site.growth[objects]!) : ''} | ${cell((site.info as HeapSite).name)} | ${cell(movedLine(site as typeof site & {info: HeapSite}))} |`,
			);
		}
		out.push('');
		for (const site of rows.filter((r) => stacks.has(r.key))) {
			out.push(`### ${cell((site.info as HeapSite).name)}`, '', `${VERDICT_TEXT[site.judgement.verdict]}: ${site.judgement.reason}`, '');
			for (const stack of stacks.get(site.key)!.stacks.slice(0, 3)) {
				out.push(`    ${formatBytesDelta(stack.current[inuse]! - stack.baseline[inuse]!)} (${formatBytes(stack.current[inuse]!)} in use)`);
				for (const f of stack.frames) out.push(`        ${f.function}  ${f.file}:${f.line}`);
				out.push('');
			}
		}
	}

	const groups = rankingAt(model.goroutines);
	if (groups) {
		const proof = model.leakProof;
		const rows = groups.rows.filter((g) => g.current[0] !== 0 || g.growth[0] !== 0).slice(0, top);
		out.push('## Goroutine groups', '');
		if (proof) out.push(`The Go runtime's own leak detector (goroutineleak profile) proved ${proof.total} goroutines leaked.`, '');
		out.push('| verdict | rate (95%) | count | growth | proven leaked | goroutines in ← started by | location |', '|---|---:|---:|---:|---:|---|---|');
		for (const group of rows) {
			const info = group.info as GoroutineGroup;
			out.push(
				`| ${VERDICT_TEXT[group.judgement.verdict]} | ${formatRate(group.judgement.ratePerMinute, group.judgement.rateUncertainty, 'count')} | ${formatCount(group.current[0]!)} | ${formatCountDelta(group.growth[0]!)} | ${proof?.byKey.get(group.key) ?? ''} | ${cell(groupName(info))} | ${cell(info.name.file ? `${info.name.file}:${info.name.line}` : '')} |`,
			);
		}
		out.push('');
		for (const group of rows.filter((g) => g.judgement.verdict === 'leaking' || (proof?.byKey.get(g.key) ?? 0) > 0).slice(0, 3)) {
			const info = group.info as GoroutineGroup;
			out.push(`### ${cell(groupName(info))} (${formatCount(group.current[0]!)} goroutines)`, '', `${VERDICT_TEXT[group.judgement.verdict]}: ${group.judgement.reason}`, '');
			for (const f of info.stack) out.push(`    ${f.function}  ${f.file}:${f.line}`);
			out.push('');
		}
	}

	out.push('## Files', '');
	out.push('- `heap.pb.gz`, `heap-base.pb.gz`: latest and baseline heap profiles: `go tool pprof -top -base heap-base.pb.gz heap.pb.gz`');
	out.push('- `goroutine.pb.gz`, `goroutine-base.pb.gz`: latest and baseline goroutine profiles: `go tool pprof -top goroutine.pb.gz`');
	out.push('- `vars.json`: the latest /debug/vars (or /metrics); `series.json`: every plotted series over the whole run (raw, then 15 s, 2 min and 30 min buckets)');
	out.push('- `history/`: the most recent profiles, oldest first (`leakwatch replay` rebuilds the trends from them)');
	return `${out.join('\n')}\n`;
}

/** What waits ← what it was started with (once when they are the same function). */
export function groupName(group: GoroutineGroup): string {
	return group.entry.function && group.entry.function !== group.name.function ? `${group.name.function} ← ${group.entry.function}` : group.name.function;
}

function firstFinite(history: History): number {
	const saved = history.toJSON();
	for (const level of [...saved.levels].reverse()) if (level.buckets.length > 0) return level.buckets[0]![3] / level.buckets[0]![4];
	return saved.raw.find((point) => point[1] !== null)?.[1] ?? Number.NaN;
}

/** Text for a Markdown table cell: no pipes, backticks or newlines to break the table. */
function cell(text: string): string {
	return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('`', "'").replace(/[\r\n]/g, ' ');
}
