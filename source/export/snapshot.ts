import {access, chmod, mkdir, mkdtemp, rename, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {LeakwatchError} from '../errors.js';
import {SERIES_NAMES, type State} from '../model/state.js';
import {reportMarkdown} from './report-markdown.js';

/**
 * `s`: everything needed to look at the leak later, in one folder. Written
 * into a temporary folder and renamed, so a half-written snapshot never
 * appears; a failure removes the temporary folder and changes nothing else.
 * Folder 0700 and files 0600: profiles name internal code paths. Request
 * headers and URL credentials are never part of the state, so never written.
 */
export const SERIES_FORMAT = 'leakwatch-series/1';

export async function writeSnapshot(state: State, target: string, outDir: string, now: number): Promise<string> {
	if (!state.heap.latest && !state.goroutines.latest && state.times.length === 0) {
		throw new LeakwatchError('io', 'nothing to export yet: no poll has succeeded');
	}
	const name = `leakwatch-${hostPart(target)}-${stamp(now)}`;
	let temporary: string | undefined;
	try {
		await mkdir(outDir, {recursive: true});
		temporary = await mkdtemp(join(outDir, `.${name}-`));
		await chmod(temporary, 0o700);
		const write = (file: string, data: string | Uint8Array) => writeFile(join(temporary!, file), data, {mode: 0o600});
		const {heap, goroutines} = state;
		if (heap.latest) await write('heap.pb.gz', heap.latest.raw);
		if (heap.baseline) await write('heap-base.pb.gz', heap.baseline.raw);
		if (goroutines.latest) await write('goroutine.pb.gz', goroutines.latest.raw);
		if (goroutines.baseline) await write('goroutine-base.pb.gz', goroutines.baseline.raw);
		if (state.lastVars) await write('vars.json', state.lastVars.raw);
		await write('series.json', seriesJson(state, target, now));
		await write('report.md', reportMarkdown(state, target, now));
		await mkdir(join(temporary, 'history'), {mode: 0o700});
		const history: Array<{file: string; kind: string; time: number}> = [];
		for (const [kind, track] of [['heap', heap.recent], ['goroutine', goroutines.recent]] as const) {
			for (const [i, entry] of track.entries()) {
				const file = `${kind}-${String(i).padStart(3, '0')}.pb.gz`;
				await write(join('history', file), entry.raw);
				history.push({file, kind, time: entry.time});
			}
		}
		await write(join('history', 'index.json'), `${JSON.stringify({baselineTime: state.baselineTime ?? null, profiles: history}, null, 1)}\n`);
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

function seriesJson(state: State, target: string, now: number): string {
	const finiteOrNull = (values: number[]) => values.map((v) => (Number.isFinite(v) ? v : null));
	const series: Record<string, Array<number | null>> = {};
	for (const name of SERIES_NAMES) series[name] = finiteOrNull(state.series[name].toArray());
	const custom: Record<string, Array<number | null>> = {};
	for (const [name, ring] of state.custom) custom[name] = finiteOrNull(ring.toArray());
	return `${JSON.stringify({
		format: SERIES_FORMAT,
		target,
		cmdline: state.cmdline,
		exportedAt: now,
		baselineTime: state.baselineTime ?? null,
		restarts: state.restarts.toArray(),
		times: state.times.toArray(),
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
	for (let i = 0; ; i++) {
		const candidate = join(dir, i === 0 ? name : `${name}-${i + 1}`);
		try {
			await access(candidate);
		} catch {
			return candidate;
		}
	}
}
