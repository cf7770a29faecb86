/**
 * @module `leakwatch replay DIR`: an exported snapshot back in a model, for
 * the same dashboard, read-only. The series come back as they were saved
 * (the whole run, multi-resolution); the recent profiles in history/ go
 * through the same model again, so rankings and verdicts are the ones the
 * live view had. A snapshot travels with tickets: everything read from it is
 * as untrusted as a target, bounded and escaped the same way.
 */
import {readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {LeakwatchError} from '../errors.js';
import type {Decoder} from '../decode/decoder.js';
import {decodeVars} from '../decode/expvar.js';
import {safeText} from '../decode/sanitize.js';
import {SERIES_FORMAT} from '../export/snapshot.js';
import {History} from '../model/history.js';
import {apply, createModel, judgeGoroutineCount, judgeLiveHeap, RESTARTS_KEPT, SERIES_NAMES, type Model, type SeriesName} from '../model/model.js';
import {ProfileSeries} from '../model/profile-series.js';

/** series.json of leakwatch before the multi-resolution history (a flat list of polls). */
const SERIES_FORMAT_V1 = 'leakwatch-series/1';
const MAX_JSON = 64 * 2 ** 20;
const MAX_CUSTOM = 64;
const MAX_PROFILES = 200;

interface SavedSeries {
	format?: unknown;
	target?: unknown;
	cmdline?: unknown;
	exportedAt?: unknown;
	baselineTime?: unknown;
	restarts?: unknown;
	series?: Record<string, unknown>;
	custom?: Record<string, unknown>;
	/** v1 only. */
	times?: unknown;
}

export async function loadReplay(dir: string, decoder: Decoder, maxBytes: number): Promise<{display: string; model: Model}> {
	const where = safeText(dir);
	const saved = await readJson<SavedSeries>(join(dir, 'series.json'), where);
	if (saved.format !== SERIES_FORMAT && saved.format !== SERIES_FORMAT_V1) {
		throw new LeakwatchError('bad-content', `${where} is not a leakwatch snapshot (series.json is not ${SERIES_FORMAT} data)`);
	}
	const customNames = Object.keys(isRecord(saved.custom) ? saved.custom : {})
		.slice(0, MAX_CUSTOM)
		.map((name) => safeText(name, 200));
	const model = createModel(customNames);

	const index = await readJson<{baselineTime?: unknown; profiles?: unknown}>(join(dir, 'history', 'index.json'), where).catch(() => ({profiles: []}));
	const profiles = (Array.isArray(index.profiles) ? index.profiles : [])
		.filter((p): p is {file: string; kind: 'heap' | 'goroutine'; time: number} => isRecord(p) && (p.kind === 'heap' || p.kind === 'goroutine') && typeof p.file === 'string' && /^[\w.-]{1,64}$/.test(p.file) && isFiniteNumber(p.time))
		.slice(0, MAX_PROFILES)
		.sort((a, b) => a.time - b.time);
	const load = async (kind: 'heap' | 'goroutine', time: number, file: string, what: string) => {
		const raw = await readFile(file);
		if (kind === 'heap') apply(model, {type: 'heap', time, raw, summary: await decoder.heap({bytes: raw, maxBytes, what})});
		else apply(model, {type: 'goroutine', time, raw, summary: await decoder.goroutines({bytes: raw, maxBytes, what})});
	};
	const exportedAt = isFiniteNumber(saved.exportedAt) ? saved.exportedAt : 0;
	const firstHeap = profiles.find((p) => p.kind === 'heap')?.time ?? exportedAt;
	const baselineTime = isFiniteNumber(saved.baselineTime) ? saved.baselineTime : firstHeap;
	// The baseline can be older than the history kept: start from it.
	if (baselineTime < firstHeap) await load('heap', baselineTime, join(dir, 'heap-base.pb.gz'), `${where}/heap-base.pb.gz`).catch(() => undefined);
	for (const entry of profiles) await load(entry.kind, entry.time, join(dir, 'history', entry.file), `${where}/history/${entry.file}`);
	if (profiles.length === 0) {
		for (const [kind, file] of [
			['heap', 'heap-base.pb.gz'],
			['heap', 'heap.pb.gz'],
			['goroutine', 'goroutine.pb.gz'],
		] as const) {
			await load(kind, baselineTime, join(dir, file), `${where}/${file}`).catch(() => undefined);
		}
	}

	restoreSeries(model, saved, customNames);
	if (typeof saved.cmdline === 'string') model.cmdline = safeText(saved.cmdline);
	model.restarts = (Array.isArray(saved.restarts) ? saved.restarts : []).filter(isFiniteNumber).slice(-RESTARTS_KEPT);
	const varsRaw = await readFile(join(dir, 'vars.json'), 'utf8').catch(() => undefined);
	if (varsRaw && varsRaw.length <= MAX_JSON) {
		try {
			model.lastVars = {time: exportedAt, raw: varsRaw, vars: decodeVars(varsRaw, `${where}/vars.json`)};
			if (!model.cmdline) model.cmdline = model.lastVars.vars.cmdline;
		} catch {
			// vars are a nicety in a replay
		}
	}
	model.failures = {};
	model.note = undefined;
	return {display: typeof saved.target === 'string' ? safeText(saved.target, 200) : where, model};
}

function restoreSeries(model: Model, saved: SavedSeries, customNames: readonly string[]): void {
	const series = isRecord(saved.series) ? saved.series : {};
	const custom = isRecord(saved.custom) ? saved.custom : {};
	if (saved.format === SERIES_FORMAT) {
		for (const name of SERIES_NAMES) if (name in series) model.series[name] = History.fromJSON(series[name]);
		const rawNames = Object.keys(custom).slice(0, MAX_CUSTOM);
		rawNames.forEach((raw, i) => model.custom.set(customNames[i]!, History.fromJSON(custom[raw])));
	} else {
		// v1: one list of poll times, and a value per poll for each series.
		const times = (Array.isArray(saved.times) ? saved.times : []).filter(isFiniteNumber).slice(-100_000);
		const v1: Partial<Record<SeriesName, string>> = {heapInuse: 'heapInuse', heapAlloc: 'heapAlloc', heapObjects: 'heapObjects', nextGC: 'nextGC', sys: 'sys', rss: 'rss', goroutines: 'goroutines', threads: 'threads', openFds: 'openFds', gcCpuFraction: 'gcCpuFraction'};
		for (const [name, key] of Object.entries(v1) as Array<[SeriesName, string]>) {
			const values = Array.isArray(series[key]) ? (series[key] as unknown[]) : [];
			const history = new History();
			times.forEach((time, i) => history.push(time, isFiniteNumber(values[i]) ? values[i] : Number.NaN));
			model.series[name] = history;
		}
		const live = new History();
		times.forEach((time) => live.push(time, model.series.nextGC.valueAt(time) / 2));
		model.series.heapLive = live;
	}
	// The process-level judgements, from the saved series (one point per plot column of the whole run),
	// not from the few profiles the snapshot kept.
	model.liveHeapPoints = pointsOf(model.series.heapLive);
	model.goroutinePoints = pointsOf(model.series.goroutines);
	model.liveHeap = judgeLiveHeap(model.liveHeapPoints, 'the snapshot holds no more');
	model.goroutineCount = judgeGoroutineCount(model.goroutinePoints, 'the snapshot holds no more');
	const last = Math.max(model.series.heapInuse.lastTime ?? 0, model.series.goroutines.lastTime ?? 0, model.heap.latest?.time ?? 0);
	if (last > 0) {
		model.firstGoodTime = Math.min(model.series.goroutines.firstTime ?? last, model.heap.baseline?.time ?? last);
		model.lastGoodTime = last;
		model.lastTickTime = last;
	}
	void customNames;
}

function pointsOf(history: History): ProfileSeries {
	const points = new ProfileSeries(1);
	const first = history.firstTime;
	const last = history.lastTime;
	if (first === undefined || last === undefined || last <= first) return points;
	for (const point of history.columns(first, (last - first) / 63, 64)) if (point.count > 0) points.push(point.time, [point.last]);
	return points;
}

async function readJson<T>(file: string, where: string): Promise<T> {
	const name = file.split('/').pop();
	let text: string;
	try {
		const info = await stat(file);
		if (info.size > MAX_JSON) throw new LeakwatchError('too-large', `${where}: ${name} is larger than ${MAX_JSON / 2 ** 20} MiB`);
		text = await readFile(file, 'utf8');
	} catch (error) {
		if (error instanceof LeakwatchError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new LeakwatchError('io', code === 'ENOENT' ? `${where} is not a leakwatch snapshot (no ${name})` : `${where}: ${code}`);
	}
	try {
		return JSON.parse(text) as T;
	} catch {
		throw new LeakwatchError('bad-content', `${where}: ${name} is not valid JSON`);
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}
