import {describeError} from '../errors.js';
import {writeSnapshot} from '../export/snapshot.js';
import {activeAlarms, type Alarm, type AlarmName, type AlarmThresholds} from '../model/alarms.js';
import {initialState, update, type ModelEvent, type State} from '../model/state.js';
import {startPolling, type Poller, type PollSchedule} from '../poll/poller.js';
import {findListeningPid, isLocalHost} from '../target/proc.js';
import {TargetClient} from '../target/client.js';
import type {TargetConfig} from '../target/config.js';
import {liveData, type DashboardData} from './dashboard-data.js';
import type {LiveStatus} from './view-model.js';

/**
 * What the dashboard talks to: the model and what feeds it. The live session
 * polls a target; a replay session holds an exported snapshot. The React tree
 * only reads from it and sends it commands.
 */
export interface Session {
	readonly mode: 'live' | 'replay';
	readonly state: State;
	subscribe(listener: () => void): () => void;
	data(): DashboardData;
	status(): LiveStatus;
	markBaseline(): void;
	snapshot(): Promise<void>;
	/** `g`: a heap profile fetched with gc=1 (forces a GC on the target). */
	forceGC(): Promise<void>;
	stop(): Promise<void>;
}

export interface LiveOptions {
	target: TargetConfig;
	intervalMs: number;
	profileIntervalMs: number;
	outDir: string;
	customVars: readonly string[];
	/** Read RSS and open files of this local process from /proc (found from the port when not given). */
	pid?: number;
	alerts?: AlarmThresholds;
	/** Rings the terminal bell (called once each time an alarm starts). */
	onAlarm?: () => void;
	clock?: () => number;
}

export class LiveSession implements Session {
	readonly mode = 'live';
	readonly state: State;
	private readonly listeners = new Set<() => void>();
	private poller: Poller | undefined;
	private cached: {version: number; data: DashboardData} | undefined;
	private exporting = false;
	private readonly clock: () => number;
	/** Alarms that have rung since the baseline: each rings once until a new baseline. */
	private rung = new Set<AlarmName>();
	private rungSince: number | undefined;
	private alarms: Alarm[] = [];

	/** The target as printed (no credentials). */
	readonly target: string;

	constructor(private readonly options: LiveOptions) {
		this.clock = options.clock ?? Date.now;
		this.target = options.target.display;
		this.state = initialState(undefined, options.customVars);
	}

	start(): void {
		const client = new TargetClient(this.options.target);
		const schedule: PollSchedule = {
			intervalMs: this.options.intervalMs,
			profileIntervalMs: this.options.profileIntervalMs,
			goroutineIntervalMs: this.options.profileIntervalMs,
			pid: this.options.pid,
		};
		this.poller = startPolling(client, schedule, (event) => this.apply(event), this.clock);
		// On the same host, the process listening on the target's port gives RSS and open files.
		const {baseUrl} = this.options.target;
		if (schedule.pid === undefined && isLocalHost(baseUrl.hostname)) {
			const port = Number(baseUrl.port || (baseUrl.protocol === 'https:' ? 443 : 80));
			void findListeningPid(port).then((pid) => {
				schedule.pid = pid;
			});
		}
	}

	apply(event: ModelEvent): void {
		update(this.state, event);
		if (this.options.alerts) this.checkAlarms(this.options.alerts);
		for (const listener of this.listeners) listener();
	}

	/** The plot stays highlighted while an alarm holds; the bell rings once per baseline. */
	private checkAlarms(thresholds: AlarmThresholds): void {
		this.alarms = activeAlarms(this.state, thresholds);
		if (this.rungSince !== this.state.baselineTime) {
			this.rung.clear();
			this.rungSince = this.state.baselineTime;
		}
		for (const alarm of this.alarms) {
			if (this.rung.has(alarm.name)) continue;
			this.rung.add(alarm.name);
			this.options.onAlarm?.();
			update(this.state, {type: 'note', time: this.clock(), text: `ALERT: ${alarm.text}`, level: 'error'});
		}
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	data(): DashboardData {
		if (this.cached?.version !== this.state.version) this.cached = {version: this.state.version, data: liveData(this.state)};
		return this.cached.data;
	}

	status(): LiveStatus {
		return {...sessionStatus(this.state, this.options.target.display, 'live'), alarms: this.alarms.map((alarm) => alarm.name)};
	}

	async forceGC(): Promise<void> {
		this.apply({type: 'note', time: this.clock(), text: 'forcing a GC on the target (gc=1) and fetching the heap profile…', level: 'warn'});
		await this.poller?.fetchHeapNow({gc: true});
		this.apply({type: 'note', time: this.clock(), text: 'heap profile fetched after a forced GC', level: 'warn'});
	}

	markBaseline(): void {
		this.apply({type: 'mark-baseline', time: this.clock()});
	}

	async snapshot(): Promise<void> {
		if (this.exporting) return;
		this.exporting = true;
		this.apply({type: 'note', time: this.clock(), text: 'writing snapshot…'});
		try {
			const path = await writeSnapshot(this.state, this.options.target.display, this.options.outDir, this.clock());
			this.apply({type: 'note', time: this.clock(), text: `snapshot written: ${path}`});
		} catch (error) {
			this.apply({type: 'note', time: this.clock(), text: `snapshot failed (nothing lost, s retries): ${describeError(error)}`, level: 'error'});
		} finally {
			this.exporting = false;
		}
	}

	async stop(): Promise<void> {
		await this.poller?.stop();
	}
}

export function sessionStatus(state: State, target: string, mode: 'live' | 'replay'): LiveStatus {
	const failures = Object.entries(state.failures)
		.map(([source, failure]) => ({source: SOURCE_NAMES[source] ?? source, message: failure.message, time: failure.time}))
		.sort((a, b) => a.time - b.time);
	const newest = Math.max(state.times.last() ?? 0, state.heap.latest?.time ?? 0, state.goroutines.latest?.time ?? 0);
	return {
		target,
		cmdline: state.cmdline,
		mode,
		lastGoodTime: state.lastGoodTime,
		liveTime: newest > 0 ? newest : undefined,
		failures,
		note: state.note,
		lastGCTime: state.lastMem?.lastGCMs,
		goroutineLeak: state.goroutineLeak,
		runtimeSource: state.runtimeSource,
	};
}

const SOURCE_NAMES: Record<string, string> = {vars: '/debug/vars', index: 'pprof index', heap: 'heap profile', goroutine: 'goroutine profile'};
