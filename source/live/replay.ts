import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {LeakwatchError} from '../errors.js';
import {decodeVars} from '../decode/expvar.js';
import {safeText} from '../decode/sanitize.js';
import {SERIES_FORMAT} from '../export/snapshot.js';
import {profileEvent} from '../poll/profile-events.js';
import {initialState, restoreSeries, update, type SavedSeries, type State} from '../model/state.js';
import {liveData, type DashboardData} from './dashboard-data.js';
import {sessionStatus, type Session} from './session.js';
import type {LiveStatus} from './view-model.js';

/**
 * `leakwatch replay DIR`: an exported snapshot in the same dashboard,
 * read-only. Series come back as they were saved; the recent profiles in
 * history/ go through the same model again, so rankings and trends are the
 * ones the live view had.
 */
export class ReplaySession implements Session {
	readonly mode = 'replay';
	private cached: DashboardData | undefined;

	private constructor(
		readonly state: State,
		private readonly target: string,
	) {}

	static async load(dir: string, maxBytes = 256 * 2 ** 20): Promise<ReplaySession> {
		const where = safeText(dir);
		const saved = await readJson<SavedSeries & {format?: string; target?: string; baselineTime?: number | null; exportedAt?: number}>(join(dir, 'series.json'), where);
		if (saved.format !== SERIES_FORMAT || !Array.isArray(saved.times)) {
			throw new LeakwatchError('bad-content', `${where} is not a leakwatch snapshot (series.json has no ${SERIES_FORMAT} data)`);
		}
		const state = initialState(undefined, Object.keys(saved.custom ?? {}));
		restoreSeries(state, saved);

		const history = await readJson<{baselineTime?: number | null; profiles?: Array<{file: string; kind: string; time: number}>}>(
			join(dir, 'history', 'index.json'),
			where,
		).catch(() => ({profiles: []}));
		const profiles = (history.profiles ?? []).filter((p) => (p.kind === 'heap' || p.kind === 'goroutine') && /^[\w.-]+$/.test(p.file));
		const load = async (kind: 'heap' | 'goroutine', time: number, file: string, what: string) => profileEvent(kind, time, await readFile(file), {maxBytes, what});
		// The baseline can be older than the history kept: start from it.
		const firstHeapTime = profiles.find((p) => p.kind === 'heap')?.time ?? saved.exportedAt ?? 0;
		const baselineTime = saved.baselineTime ?? firstHeapTime;
		if (baselineTime < firstHeapTime) {
			const base = await load('heap', baselineTime, join(dir, 'heap-base.pb.gz'), `${where}/heap-base.pb.gz`).catch(() => undefined);
			if (base) update(state, base);
		}
		for (const entry of profiles) {
			update(state, await load(entry.kind as 'heap' | 'goroutine', entry.time, join(dir, 'history', entry.file), `${where}/history/${entry.file}`));
		}
		if (profiles.length === 0) {
			for (const [kind, file] of [
				['heap', 'heap-base.pb.gz'],
				['heap', 'heap.pb.gz'],
				['goroutine', 'goroutine.pb.gz'],
			] as const) {
				const loaded = await load(kind, baselineTime, join(dir, file), `${where}/${file}`).catch(() => undefined);
				if (loaded) update(state, loaded);
			}
		}
		const varsRaw = await readFile(join(dir, 'vars.json'), 'utf8').catch(() => undefined);
		if (varsRaw) {
			try {
				state.lastVars = {time: saved.exportedAt ?? 0, raw: varsRaw, vars: decodeVars(varsRaw, `${where}/vars.json`)};
			} catch {
				// vars are a nicety in a replay
			}
		}
		state.failures = {};
		return new ReplaySession(state, safeText(saved.target ?? where));
	}

	subscribe(): () => void {
		return () => {};
	}

	data(): DashboardData {
		this.cached ??= liveData(this.state);
		return this.cached;
	}

	status(): LiveStatus {
		return sessionStatus(this.state, this.target, 'replay');
	}

	markBaseline(): void {}

	async snapshot(): Promise<void> {}

	async forceGC(): Promise<void> {}

	async stop(): Promise<void> {}
}

async function readJson<T>(file: string, where: string): Promise<T> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new LeakwatchError('io', code === 'ENOENT' ? `${where} is not a leakwatch snapshot (no ${file.split('/').pop()})` : `${where}: ${code}`);
	}
	try {
		return JSON.parse(text) as T;
	} catch {
		throw new LeakwatchError('bad-content', `${where}: ${file.split('/').pop()} is not valid JSON`);
	}
}
