/**
 * @module The full-screen commands: the live dashboard (one target, or a list
 * of several), `replay` of a snapshot, and the fleet list. Each builds the
 * first app state and the effects the driver carries out (polling sessions,
 * snapshots, forced GCs, stack decoding, Prometheus), then runs until the
 * user quits, with the terminal restored on every way out.
 */
import {appendFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {Driver, type Effects} from '../app/driver.js';
import {splitKeys} from '../app/keys.js';
import {loadReplay} from '../app/replay.js';
import {startSession, type Session} from '../app/session.js';
import {INITIAL_LIST, INITIAL_UI, newTarget, type App, type Screen, type Target} from '../app/state.js';
import {Decoder} from '../decode/decoder.js';
import {safeText} from '../decode/sanitize.js';
import type {SiteStacks} from '../decode/site-stacks.js';
import {writeSnapshot} from '../export/snapshot.js';
import {fleetSnapshot, instanceUrl, type FleetInstance, type FleetQuery} from '../fleet/fleet.js';
import {PrometheusClient} from '../fleet/prometheus-client.js';
import {createModel, rankingAt} from '../model/model.js';
import {isMissingPprof, TargetClient} from '../target/client.js';
import type {TargetConfig} from '../target/config.js';
import {assertInteractive, openTerminal} from '../terminal/renderer.js';
import {byteThresholdFlag, countThresholdFlag, durationFlag, intFlag, sizeFlag, DEFAULT_MAX_RESPONSE, targetFromFlags, usage, type RawFlags} from './flags.js';

export async function liveFromFlags(args: string[], flags: RawFlags): Promise<number> {
	const urls = [...args, ...(typeof flags.targets === 'string' ? await targetsFile(flags.targets) : [])];
	const intervalMs = durationFlag(flags, 'interval', 1000, 10);
	const profileIntervalMs = durationFlag(flags, 'profileInterval', 5000, 50);
	const refreshMs = durationFlag(flags, 'refresh', 2000, 100);
	const outDir = typeof flags.out === 'string' && flags.out ? flags.out : process.cwd();
	const customVars = ((flags.var as string[] | undefined) ?? []).slice(0, 64);
	const alerts = {heap: byteThresholdFlag(flags, 'alertHeapGrowth'), goroutines: countThresholdFlag(flags, 'alertGoroutineGrowth')};
	const pid = intFlag(flags, 'pid', 1, 2 ** 22);
	const configs = (urls.length > 0 ? urls : [undefined]).map((url) => targetFromFlags(url, flags));
	assertInteractive();
	// A target that has no pprof at all is a mistake to say at once, not a status line forever.
	if (configs.length === 1) await probe(configs[0]!);
	const targets = configs.map((config, i) => {
		const model = createModel(customVars);
		if (config.note) model.note = {time: Date.now(), text: config.note, level: 'info'};
		return newTarget(i + 1, config.display, model, {mode: 'live', intervalMs, alerts});
	});
	const screen: Screen = targets.length === 1 ? {kind: 'dashboard', target: 1} : {kind: 'targets'};
	const app = initialApp(targets, screen, targets.length === 1 ? undefined : {kind: 'targets'}, outDir, false);
	const decoder = new Decoder();
	const sessions = new Map<number, Session>();
	logMemory(process.env.LEAKWATCH_MEMLOG);
	return runFullScreen(app, {refreshMs}, decoder, (dispatch) => {
		configs.forEach((config, i) => {
			sessions.set(i + 1, startSession({target: config, intervalMs, profileIntervalMs, pid}, decoder, (event) => dispatch({type: 'model', target: i + 1, event})));
		});
		return {...liveEffects(sessions, decoder, outDir), stop: () => Promise.all([...sessions.values()].map((session) => session.stop())).then(() => undefined)};
	});
}

export async function replayFromFlags(args: string[], flags: RawFlags): Promise<number> {
	if (args.length !== 1) throw usage('replay needs one snapshot folder: leakwatch replay DIR');
	assertInteractive();
	const decoder = new Decoder();
	const maxBytes = sizeFlag(flags, 'maxResponse', DEFAULT_MAX_RESPONSE) * 4;
	let loaded: Awaited<ReturnType<typeof loadReplay>>;
	try {
		loaded = await loadReplay(args[0]!, decoder, maxBytes);
	} catch (error) {
		await decoder.close();
		throw error;
	}
	const target = newTarget(1, loaded.display, loaded.model, {mode: 'replay', intervalMs: 1000});
	const app = initialApp([target], {kind: 'dashboard', target: 1}, undefined, process.cwd(), true);
	return runFullScreen(app, {refreshMs: 1000}, decoder, () => ({...liveEffects(new Map(), decoder, process.cwd()), stop: async () => {}}));
}

export async function fleetDashboard(client: PrometheusClient, options: {query: FleetQuery; windowText: string; refreshMs: number; pprofPort: number | undefined; flags: RawFlags}): Promise<number> {
	const decoder = new Decoder();
	const sessions = new Map<number, Session>();
	const app: App = {
		...initialApp([], {kind: 'fleet'}, {kind: 'fleet'}, process.cwd(), false),
		fleet: {prometheus: client.config.display, selector: options.query.selector, windowText: options.windowText, snapshot: undefined, error: undefined, updatedAt: undefined},
	};
	return runFullScreen(app, {refreshMs: 2000, fleetRefreshMs: options.refreshMs}, decoder, (dispatch) => ({
		...liveEffects(sessions, decoder, process.cwd()),
		fleetRefresh: () => fleetSnapshot(client, options.query),
		openInstance(instance: FleetInstance, id: number): Target {
			const config = targetFromFlags(instanceUrl(instance.instance, options.pprofPort), options.flags);
			sessions.set(id, startSession({target: config, intervalMs: 1000, profileIntervalMs: 5000}, decoder, (event) => dispatch({type: 'model', target: id, event})));
			return newTarget(id, config.display, createModel(), {mode: 'live', intervalMs: 1000});
		},
		closeTarget(target: Target) {
			void sessions.get(target.id)?.stop();
			sessions.delete(target.id);
		},
		stop: () => Promise.all([...sessions.values()].map((session) => session.stop())).then(() => undefined),
	}));
}

export function initialApp(targets: Target[], screen: Screen, home: Screen | undefined, outDir: string, readOnly: boolean): App {
	return {size: {columns: 80, rows: 24}, now: Date.now(), targets, home, screen, ui: INITIAL_UI, list: INITIAL_LIST, fleet: undefined, readOnly, outDir};
}

type Dispatch = Driver['dispatch'];
type CommandEffects = Omit<Effects, 'show' | 'repaint' | 'bell' | 'now'> & {stop(): Promise<void>};

/** Opens the terminal, runs the driver until the user quits, and restores everything after. */
export async function runFullScreen(initial: App, options: {refreshMs: number; fleetRefreshMs?: number}, decoder: Decoder, makeEffects: (dispatch: Dispatch) => CommandEffects): Promise<number> {
	let driver: Driver | undefined;
	let effects: CommandEffects | undefined;
	const stopAll = async () => {
		driver?.stop();
		await effects?.stop();
		await decoder.close();
	};
	const terminal = openTerminal({
		onKey: (input, key) => {
			for (const [one, oneKey] of splitKeys(input, key)) driver?.dispatch({type: 'key', input: one, key: oneKey});
		},
		onExit: () => void stopAll(),
	});
	try {
		const dispatch: Dispatch = (msg) => driver?.dispatch(msg);
		effects = makeEffects(dispatch);
		driver = new Driver({...initial, size: terminal.size()}, {...effects, show: terminal.show, repaint: terminal.repaint, bell: terminal.bell, now: Date.now}, options);
		const offResize = terminal.onResize((size) => driver!.dispatch({type: 'resize', size}));
		driver.start();
		await driver.done;
		offResize();
		return 0;
	} finally {
		await stopAll();
		terminal.close();
	}
}

/** What the commands of a dashboard do with live sessions (a replay has none: b, s and g g do nothing there). */
function liveEffects(sessions: Map<number, Session>, decoder: Decoder, outDir: string): Omit<CommandEffects, 'stop'> {
	const stacksOf = (target: Target, key: string, valueType: string): Promise<SiteStacks> => {
		const {latest, baseline} = target.model.heap;
		if (!latest) return Promise.reject(new Error('no heap profile yet'));
		return decoder.siteStacks({bytes: latest.raw, baseline: baseline?.raw, key, valueType, maxBytes: 256 * 2 ** 20, what: 'heap profile'});
	};
	return {
		async snapshot(target) {
			// The report shows the stacks of the sites that leak.
			const stacks = new Map<string, SiteStacks>();
			for (const row of (rankingAt(target.model.heap)?.rows ?? []).filter((r) => r.judgement.verdict === 'leaking' && r.key !== '(other)').slice(0, 5)) {
				stacks.set(row.key, await stacksOf(target, row.key, 'inuse_space').catch(() => ({sampleTypes: [], stacks: [], more: 0})));
			}
			return writeSnapshot(target.model, target.display, outDir, Date.now(), stacks);
		},
		async forceGC(target) {
			await sessions.get(target.id)?.forceGC();
		},
		decodeStacks: stacksOf,
	};
}

async function probe(config: TargetConfig): Promise<void> {
	try {
		await new TargetClient({...config, timeoutMs: Math.min(config.timeoutMs, 3000)}).index();
	} catch (error) {
		if (isMissingPprof(error)) throw error;
	}
}

/** --targets FILE: one URL per line; blank lines and # comments skipped. */
async function targetsFile(path: string): Promise<string[]> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw usage(`--targets ${safeText(path)}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read it'}`);
	}
	const urls = text
		.split('\n')
		.map((line) => line.replace(/#.*/, '').trim())
		.filter(Boolean);
	if (urls.length === 0) throw usage(`--targets ${safeText(path)} lists no URL`);
	if (urls.length > 100) throw usage(`--targets ${safeText(path)} lists ${urls.length} URLs; watch at most 100 at once (leakwatch fleet ranks more)`);
	return urls;
}

/**
 * LEAKWATCH_MEMLOG=file appends the dashboard's own memory every second, one
 * JSON line each: how `npm run soak` checks that a leak hunter does not leak.
 */
function logMemory(file: string | undefined): void {
	if (!file) return;
	const started = Date.now();
	// With node --expose-gc, also what survives a full collection: retained, not garbage.
	const gc = (globalThis as {gc?: () => void}).gc;
	setInterval(() => {
		const {rss, heapUsed, external, arrayBuffers} = process.memoryUsage();
		let retained: number | undefined;
		if (gc) {
			gc();
			retained = process.memoryUsage().heapUsed;
		}
		appendFileSync(file, `${JSON.stringify({seconds: (Date.now() - started) / 1000, rss, heapUsed, retained, external, arrayBuffers})}\n`);
	}, 1000).unref();
}
