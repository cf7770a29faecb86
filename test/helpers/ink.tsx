/**
 * @module The dashboard as it runs, minus the terminal: the app state on a
 * recorded model, the real driver and update function, and the real Ink
 * screen component (ink-testing-library) reading keys from Ink's stdin, as a
 * terminal's would. Frames are the view's rows as the frame writer gets them.
 */
import {render} from 'ink-testing-library';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Driver, type Effects} from '../../source/app/driver.js';
import {splitKeys} from '../../source/app/keys.js';
import {INITIAL_LIST, INITIAL_UI, newTarget, type App, type Size, type Target} from '../../source/app/state.js';
import {startSession, type Session} from '../../source/app/session.js';
import {Decoder} from '../../source/decode/decoder.js';
import {siteStacks} from '../../source/decode/site-stacks.js';
import {createModel} from '../../source/model/model.js';
import {parseTarget} from '../../source/target/config.js';
import {writeSnapshot} from '../../source/export/snapshot.js';
import type {AlarmThresholds} from '../../source/model/alarms.js';
import type {Model, ModelEvent} from '../../source/model/model.js';
import {Screen} from '../../source/terminal/screen.js';
import {screenToSgr} from '../../source/terminal/sgr.js';
import type {Line} from '../../source/view/style.js';
import {recordedModel} from './fixtures.js';

/** Ink reads keys from its stdin a macrotask or two after they are written. */
const tick = () => new Promise((done) => setImmediate(() => setTimeout(done, 0)));
export const settle = async () => {
	for (let i = 0; i < 3; i++) await tick();
};
export const KEYS = {down: '\u001b[B', up: '\u001b[A', left: '\u001b[D', right: '\u001b[C', enter: '\r', escape: '\u001b', tab: '\t'};

export interface MountOptions {
	upTo?: number;
	outDir?: string;
	customVars?: string[];
	alerts?: AlarmThresholds;
	mode?: 'live' | 'replay';
	size?: Size;
	color?: boolean;
	model?: Model;
	display?: string;
	effects?: Partial<Effects>;
	/** Feeds the model as a live session: events come in through the driver. */
	connect?: (dispatch: (event: ModelEvent) => void) => void;
}

/** The dashboard on a model (by default the recorded demo run), with a fixed size and clock. */
export async function mountDashboard(options: MountOptions = {}) {
	const recorded = options.model ? {model: options.model, events: [] as ModelEvent[], rest: [] as ModelEvent[]} : await recordedModel(options.upTo, options.customVars);
	const size = options.size ?? {columns: 120, rows: 34};
	const last = recorded.events.at(-1)?.time ?? recorded.model.lastGoodTime ?? Date.now();
	let now = last + 500;
	const target = newTarget(1, options.display ?? 'http://127.0.0.1:6060', recorded.model, {mode: options.mode ?? 'live', intervalMs: 1000, alerts: options.alerts});
	// A folder of its own for snapshots unless the test names one; removed on unmount.
	const ownDir = options.outDir === undefined ? mkdtempSync(join(tmpdir(), 'leakwatch-out-')) : undefined;
	const app: App = {size, now, targets: [target], home: undefined, screen: {kind: 'dashboard', target: 1}, ui: INITIAL_UI, list: INITIAL_LIST, fleet: undefined, readOnly: options.mode === 'replay', outDir: options.outDir ?? ownDir!};
	const color = options.color ?? false;
	let driver: Driver | undefined;
	const onKey = (input: string, key: Parameters<typeof splitKeys>[1]) => {
		for (const [one, oneKey] of splitKeys(input, key)) driver?.dispatch({type: 'key', input: one, key: oneKey});
	};
	const instance = render(<Screen onKey={onKey} />);
	let shown: readonly Line[] = [];
	const lastFrame = () => screenToSgr(shown, color);
	const bells: number[] = [];
	const effects: Effects = {
		show: (lines) => {
			shown = lines;
		},
		repaint: () => {},
		bell: () => bells.push(now),
		now: () => now,
		snapshot: (t: Target) => writeSnapshot(t.model, t.display, app.outDir, now),
		forceGC: async () => {},
		decodeStacks: (t: Target, key: string, valueType: string) => siteStacks(t.model.heap.latest!.raw, t.model.heap.baseline?.raw, key, valueType, {maxBytes: 2 ** 26, what: 'heap profile'}),
		...options.effects,
	};
	driver = new Driver(app, effects, {refreshMs: 0});
	driver.start();
	options.connect?.((event) => {
		now = Math.max(now, event.time);
		driver!.dispatch({type: 'model', target: 1, event});
	});
	await settle();
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			instance.stdin.write(key);
			await settle();
			if (key === KEYS.escape) await new Promise((done) => setTimeout(done, 60)); // a lone Esc arrives late
		}
	};
	/** Feeds model events as a poll would, then lets the driver redraw. */
	const feed = async (events: readonly ModelEvent[]) => {
		for (const event of events) {
			now = Math.max(now, event.time + 500);
			driver!.dispatch({type: 'model', target: 1, event});
		}
		await new Promise((done) => setTimeout(done, 80));
		await settle();
	};
	const until = async (pattern: RegExp, timeoutMs = 8000) => {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (pattern.test(plainFrame(lastFrame()))) return plainFrame(lastFrame());
			await new Promise((done) => setTimeout(done, 50));
		}
		throw new Error(`timed out waiting for ${pattern}:\n${plainFrame(lastFrame())}`);
	};
	return {
		...recorded,
		model: recorded.model,
		driver,
		until,
		bells,
		press,
		feed,
		frame: () => plainFrame(lastFrame()),
		rawFrame: lastFrame,
		state: () => driver!.state,
		unmount() {
			driver!.stop();
			instance.unmount();
			if (ownDir) rmSync(ownDir, {recursive: true, force: true});
		},
	};
}

/** The last frame without its SGR styling (bold, inverse, colours) or trailing blanks: what the tests read. */
export const plainFrame = (frame: string) =>
	frame
		.replace(/\u001b\[[\d;]*m/g, '')
		.split('\n')
		.map((line) => line.trimEnd())
		.join('\n');

export const selectedLine = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';

/** The dashboard on a live session polling `url` (a fake target, or a real Go process). */
export async function mountLive(url: string, options: {intervalMs?: number; timeoutMs?: number; profileIntervalMs?: number; leakIntervalMs?: number; outDir?: string; size?: Size} = {}) {
	const decoder = new Decoder();
	const config = parseTarget(url, {header: [], timeoutMs: options.timeoutMs ?? 400, maxBytes: 2 ** 22, insecure: false, pprofPath: undefined, varsPath: undefined});
	let session: Session | undefined;
	const mounted = await mountDashboard({
		model: createModel(),
		display: config.display,
		outDir: options.outDir,
		size: options.size,
		effects: {
			decodeStacks: (t, key, valueType) => decoder.siteStacks({bytes: t.model.heap.latest!.raw, baseline: t.model.heap.baseline?.raw, key, valueType, maxBytes: 2 ** 26, what: 'heap profile'}),
			forceGC: () => session!.forceGC(),
		},
		connect: (dispatch) => {
			session = startSession({target: config, intervalMs: options.intervalMs ?? 100, profileIntervalMs: options.profileIntervalMs ?? 200, leakIntervalMs: options.leakIntervalMs}, decoder, dispatch);
		},
	});
	return {
		...mounted,
		session: session!,
		async close() {
			mounted.unmount();
			await session!.stop();
			await decoder.close();
		},
	};
}
