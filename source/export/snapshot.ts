/**
 * @module `s`: everything needed to look at the leak later, in one folder.
 * Written into a temporary folder and renamed, so a half-written snapshot
 * never appears; a failure removes the temporary folder and changes nothing
 * else. Folder 0700 and files 0600: profiles name internal code paths.
 * Request headers and URL credentials are never part of the model, so never
 * written.
 */
import {access, chmod, mkdir, mkdtemp, rename, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {SiteStacks} from '../decode/site-stacks.js';
import {LeakwatchError} from '../errors.js';
import {SERIES_NAMES, type Model} from '../model/model.js';
import {reportMarkdown} from './report-markdown.js';

export const SERIES_FORMAT = 'leakwatch-series/2';

export async function writeSnapshot(model: Model, target: string, outDir: string, now: number, stacks: ReadonlyMap<string, SiteStacks> = new Map()): Promise<string> {
	if (!model.heap.latest && !model.goroutines.latest && model.lastGoodTime === undefined) {
		throw new LeakwatchError('io', 'nothing to export yet: no poll has succeeded');
	}
	const name = `leakwatch-${hostPart(target)}-${stamp(now)}`;
	let temporary: string | undefined;
	try {
		await mkdir(outDir, {recursive: true});
		temporary = await mkdtemp(join(outDir, `.${name}-`));
		await chmod(temporary, 0o700);
		const write = (file: string, data: string | Uint8Array) => writeFile(join(temporary!, file), data, {mode: 0o600});
		const {heap, goroutines} = model;
		if (heap.latest) await write('heap.pb.gz', heap.latest.raw);
		if (heap.baseline) await write('heap-base.pb.gz', heap.baseline.raw);
		if (goroutines.latest) await write('goroutine.pb.gz', goroutines.latest.raw);
		if (goroutines.baseline) await write('goroutine-base.pb.gz', goroutines.baseline.raw);
		if (model.lastVars) await write('vars.json', model.lastVars.raw);
		await write('series.json', seriesJson(model, target, now));
		await write('report.md', reportMarkdown(model, target, now, stacks));
		await mkdir(join(temporary, 'history'), {mode: 0o700});
		const history: Array<{file: string; kind: string; time: number}> = [];
		for (const [kind, track] of [['heap', heap.recent], ['goroutine', goroutines.recent]] as const) {
			for (const [i, entry] of track.entries()) {
				const file = `${kind}-${String(i).padStart(3, '0')}.pb.gz`;
				await write(join('history', file), entry.raw);
				history.push({file, kind, time: entry.time});
			}
		}
		await write(join('history', 'index.json'), `${JSON.stringify({baselineTime: model.baselineTime ?? null, profiles: history}, null, 1)}\n`);
		const final = await freeName(outDir, name);
		await rename(temporary, final);
		temporary = undefined;
		return final;
	} catch (error) {
		if (temporary) await rm(temporary, {recursive: true, force: true}).catch(() => {});
		if (error instanceof LeakwatchError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new LeakwatchError('io', `snapshot not written to ${outDir}: ${code ?? (error as Error).message}`);
	}
}

/** Every series over the whole run, in its multi-resolution history: what replay plots. */
function seriesJson(model: Model, target: string, now: number): string {
	const series: Record<string, unknown> = {};
	for (const name of SERIES_NAMES) series[name] = model.series[name].toJSON();
	const custom: Record<string, unknown> = {};
	for (const [name, history] of model.custom) custom[name] = history.toJSON();
	return `${JSON.stringify({
		format: SERIES_FORMAT,
		target,
		cmdline: model.cmdline,
		exportedAt: now,
		baselineTime: model.baselineTime ?? null,
		restarts: model.restarts,
		liveHeapSource: model.liveHeapSource ?? null,
		series,
		custom,
	})}\n`;
}

/** host:port of the target, safe as part of a file name. */
function hostPart(target: string): string {
	let host = target;
	try {
		host = new URL(target).host;
	} catch {
		// keep the text as it is
	}
	return host.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 60) || 'target';
}

function stamp(ms: number): string {
	return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

async function freeName(dir: string, name: string): Promise<string> {
	for (let i = 0; i < 1000; i++) {
		const candidate = join(dir, i === 0 ? name : `${name}-${i + 1}`);
		try {
			await access(candidate);
		} catch {
			return candidate;
		}
	}
	throw new LeakwatchError('io', `snapshot not written: ${dir} already holds 1000 snapshots named ${name}`);
}
