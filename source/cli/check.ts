/**
 * @module `leakwatch check`: watch headless for a while with the same poller
 * and model as the dashboard, judge, print, and exit 0 (no leak suspected),
 * 1 (leak suspected) or 2 (usage or connection error).
 */
import {LeakwatchError} from '../errors.js';
import {Decoder} from '../decode/decoder.js';
import type {SiteStacks} from '../decode/site-stacks.js';
import {writeSnapshot} from '../export/snapshot.js';
import {buildCheckReport, type CheckVerdict, type GroupReport} from '../model/check-report.js';
import {apply, createModel, rankingAt, type ModelEvent, type TickEvent} from '../model/model.js';
import type {Threshold} from '../model/thresholds.js';
import {sleep, startPolling} from '../poll/poller.js';
import {runtimeReader, type RuntimeReader} from '../poll/runtime-source.js';
import {TargetClient} from '../target/client.js';
import type {TargetConfig} from '../target/config.js';
import {formatBytes, formatBytesDelta, formatCount, formatCountDelta, formatNanos, formatRate} from '../view/units.js';
import {byteThresholdFlag, countThresholdFlag, durationFlag, intFlag, optionalDurationFlag, targetFromFlags, usage, type RawFlags} from './flags.js';

export interface Output {
	write(text: string): void;
}

export interface CheckOptions {
	target: TargetConfig;
	durationMs: number;
	intervalMs: number;
	/** undefined: chosen from the duration so the run sees enough profiles. */
	profileIntervalMs: number | undefined;
	maxHeapGrowth: Threshold | undefined;
	maxGoroutineGrowth: Threshold | undefined;
	json: boolean;
	top: number;
	/** gc=1 on every heap profile: the user accepts forcing GCs on the target. */
	forceGC: boolean;
	/** Write a snapshot here at the end (a CI artifact to attach to the ticket). */
	outDir: string | undefined;
}

/** A trend needs points: aim for this many profiles in a run (the heap profile only changes after a GC, and is skipped before one). */
const PROFILE_INTERVALS = 15;
const MIN_PROFILE_INTERVAL_MS = 250;
const MAX_PROFILE_INTERVAL_MS = 5000;

export async function checkFromFlags(args: string[], flags: RawFlags, out: Output, err: Output): Promise<number> {
	if (args.length > 1) throw usage(`check takes one URL (got ${args.length} arguments)`);
	const durationMs = durationFlag(flags, 'duration', 30_000, 1000);
	// A short run polls faster by default, so that it still sees several points.
	const intervalMs = durationFlag(flags, 'interval', Math.min(1000, Math.floor(durationMs / 5)), 50);
	if (intervalMs >= durationMs) throw usage('--interval must be shorter than --duration');
	const target = targetFromFlags(args[0], flags);
	if (target.note) err.write(`leakwatch: ${target.note}\n`);
	return runCheck(
		{
			target,
			durationMs,
			intervalMs,
			profileIntervalMs: optionalDurationFlag(flags, 'profileInterval', 50),
			maxHeapGrowth: byteThresholdFlag(flags, 'maxHeapGrowth'),
			maxGoroutineGrowth: countThresholdFlag(flags, 'maxGoroutineGrowth'),
			json: flags.json === true,
			top: intFlag(flags, 'top', 1) ?? 10,
			forceGC: flags.gc === true,
			outDir: typeof flags.out === 'string' && flags.out ? flags.out : undefined,
		},
		out,
	);
}

export async function runCheck(options: CheckOptions, out: Output, clock: () => number = Date.now): Promise<number> {
	const client = new TargetClient(options.target);
	const decoder = new Decoder();
	const model = createModel();
	const emit = (event: ModelEvent) => apply(model, event);
	const maxBytes = options.target.maxBytes * 4;
	try {
		// Fail fast and clearly when the target is not there or not a Go service with pprof.
		const started = clock();
		const runtime = runtimeReader(client, options.target.source, clock);
		emit(await tickOnce(client, runtime, started));
		const heap = await client.profile('heap', {gc: options.forceGC});
		emit({type: 'heap', time: clock(), raw: heap.raw, summary: await decoder.heap({bytes: heap.raw, maxBytes, what: heap.what})});
		const goroutine = await client.profile('goroutine');
		emit({type: 'goroutine', time: clock(), raw: goroutine.raw, summary: await decoder.goroutines({bytes: goroutine.raw, maxBytes, what: goroutine.what})});

		const profileIntervalMs = options.profileIntervalMs ?? Math.min(MAX_PROFILE_INTERVAL_MS, Math.max(MIN_PROFILE_INTERVAL_MS, Math.floor(options.durationMs / PROFILE_INTERVALS)));
		const poller = startPolling(
			client,
			decoder,
			{intervalMs: options.intervalMs, profileIntervalMs, goroutineIntervalMs: profileIntervalMs, forceGC: options.forceGC, delayFirst: true},
			emit,
			clock,
		);
		await sleep(Math.max(0, started + options.durationMs - clock()));
		// One last look at the end of the window, so "end" means the end; the runtime's leak detector (each ask runs a GC) once.
		await poller.fetchHeapNow({gc: options.forceGC});
		await poller.fetchLeakNow();
		await poller.stop();
		try {
			emit(await tickOnce(client, runtime, clock()));
		} catch (error) {
			// A transient failure at the very end loses one point, not the check: the model has the rest.
			if (model.lastGoodTime === undefined) throw error;
		}
		if (model.lastGoodTime === undefined || clock() - model.lastGoodTime > Math.max(10_000, options.durationMs / 2)) {
			const failure = Object.values(model.failures).at(-1);
			throw new LeakwatchError('unreachable', `target stopped answering during the check${failure ? `: ${failure.message}` : ''}`);
		}
		const stacks = await leakingStacks(model, decoder, maxBytes);
		const verdict = buildCheckReport(model, options.target.display, clock() - started, options, options.top, stacks);
		if (options.outDir) {
			const folder = await writeSnapshot(model, options.target.display, options.outDir, clock(), stacks);
			verdict.report.snapshot = folder;
		}
		out.write(options.json ? `${JSON.stringify(verdict.report, null, 2)}\n` : checkText(verdict));
		return verdict.report.leakSuspected ? 1 : 0;
	} finally {
		await decoder.close();
	}
}

/** The stacks of the leaking sites (the three largest), for the report. */
async function leakingStacks(model: ReturnType<typeof createModel>, decoder: Decoder, maxBytes: number): Promise<Map<string, SiteStacks>> {
	const stacks = new Map<string, SiteStacks>();
	const latest = model.heap.latest;
	if (!latest) return stacks;
	const leaking = (rankingAt(model.heap)?.rows ?? []).filter((row) => row.judgement.verdict === 'leaking' && row.key !== '(other)').slice(0, 3);
	for (const row of leaking) {
		try {
			stacks.set(row.key, await decoder.siteStacks({bytes: latest.raw, baseline: model.heap.baseline?.raw, key: row.key, valueType: 'inuse_space', maxBytes, what: 'heap profile'}));
		} catch {
			// A site without stacks is still reported.
		}
	}
	return stacks;
}

/** The vars (or /metrics) and the pprof index, once; the index is required: no pprof, no check. */
async function tickOnce(client: TargetClient, runtime: RuntimeReader, time: number): Promise<TickEvent> {
	const controller = new AbortController();
	const [read, index] = await Promise.all([runtime.read(controller.signal), client.index()]);
	return {type: 'tick', time, vars: read.fetched?.vars, varsRaw: read.fetched?.raw, index, source: read.source};
}

/** The suspects the check could not judge yet: a "no leak" beside them would claim more than it knows. */
function cannotTell(lines: string[], rows: string[]): void {
	if (rows.length === 0) return;
	lines.push('Cannot tell yet:');
	for (const row of rows.slice(0, CANNOT_TELL_ROWS)) lines.push(`  ${row}`);
	if (rows.length > CANNOT_TELL_ROWS) lines.push(`  and ${rows.length - CANNOT_TELL_ROWS} more (--json lists them)`);
}

const CANNOT_TELL_ROWS = 5;

/** Where the goroutines wait, and the function they were started with when it differs. */
function groupName(group: GroupReport): string {
	return group.entry && group.entry !== group.function ? `${group.function} ← ${group.entry}` : group.function;
}

/** The human report: what a CI log or a cron mail shows. */
export function checkText({report, reasons, notes}: CheckVerdict): string {
	const lines: string[] = [];
	const {heap, gc, goroutines} = report;
	lines.push(`leakwatch check ${report.target} over ${report.durationSeconds}s`);
	lines.push(
		`  heap in use  ${formatBytes(heap.startInuseBytes)} → ${formatBytes(heap.endInuseBytes)}  (${formatBytesDelta(heap.growthBytes)}, ${formatRate(heap.points >= 3 ? heap.growthBytesPerMinute : Number.NaN, heap.rateUncertainty, 'bytes')}, ${heap.verdict})`,
		`               measured on the ${heap.signal}, ${heap.points} point${heap.points === 1 ? '' : 's'}`,
	);
	lines.push(`  GC           ${gc.cycles} cycles, ${formatNanos(gc.pauseTotalNs)} paused`);
	lines.push(`  goroutines   ${goroutines.start} → ${goroutines.end}  (${formatCountDelta(goroutines.growth)}, ${formatRate(goroutines.ratePerMinute, goroutines.rateUncertainty, 'count')}, ${goroutines.verdict})`);
	if (report.runtimeLeakedGoroutines !== null) lines.push(`  runtime      ${report.runtimeLeakedGoroutines} goroutines proven leaked (goroutineleak profile)`);
	lines.push('');
	if (report.growingSites.length > 0) {
		lines.push('Allocation sites leaking:');
		for (const site of report.growingSites) {
			lines.push(`  ${formatRate(site.ratePerMinute, site.rateUncertainty, 'bytes').padStart(24)}  ${formatBytes(site.inuseBytes).padStart(9)} in use  ${site.name}`);
			lines.push(`  ${' '.repeat(37)}${site.file}:${site.line} · ${site.reason}`);
		}
	} else {
		lines.push('No allocation site is leaking.');
	}
	const filled = report.sites.filter((site) => site.verdict === 'filled');
	if (filled.length > 0) lines.push(`Filled, not leaking: ${filled.map((site) => site.name).join(', ')}`);
	cannotTell(lines, report.sites.filter((site) => site.verdict === 'too few samples').map((site) => `${site.name} · ${site.reason}`));
	lines.push('');
	if (report.goroutineGroups.length > 0) {
		lines.push('Goroutine groups leaking:');
		for (const group of report.goroutineGroups) {
			const proven = group.runtimeLeaked > 0 ? ` · ${group.runtimeLeaked} proven leaked by the runtime` : '';
			lines.push(`  ${formatRate(group.ratePerMinute, group.rateUncertainty, 'count').padStart(18)}  (${formatCount(group.count)} now)  ${groupName(group)}${proven}`);
			for (const frame of group.stack) lines.push(`            ${frame}`);
		}
	} else {
		lines.push('No goroutine group is leaking.');
	}
	const unsure = report.groups.filter((group) => group.verdict === 'too few samples');
	cannotTell(lines, unsure.map((group) => `${groupName(group)} (${formatCount(group.count)} now) · ${group.reason}`));
	lines.push('');
	for (const note of notes) lines.push(`Note: ${note}`);
	if (notes.length > 0) lines.push('');
	if (report.snapshot) lines.push(`Snapshot written to ${report.snapshot} (open it with: leakwatch replay DIR, or go tool pprof DIR/heap.pb.gz)`, '');
	lines.push(report.leakSuspected ? `LEAK SUSPECTED: ${reasons.join('; ')}` : 'No leak suspected.');
	return `${lines.join('\n')}\n`;
}

