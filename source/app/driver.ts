/**
 * @module Runs the app: holds its state, feeds every message (a key, a model
 * event, a resize, a tick, a command's result) through `update`, carries out
 * the commands it returns, and draws the view. Keys redraw at once; new data
 * at most once per refresh interval; the clock alone once a second when
 * nothing else has.
 */
import {describeError} from '../errors.js';
import type {SiteStacks} from '../decode/site-stacks.js';
import type {FleetInstance, FleetSnapshot} from '../fleet/fleet.js';
import type {Line} from '../view/style.js';
import {view} from '../view/screen.js';
import {update} from './update.js';
import type {App, Command, Msg, Target} from './state.js';

export interface Effects {
	show(lines: readonly Line[]): void;
	repaint(): void;
	bell(): void;
	now(): number;
	snapshot(target: Target): Promise<string>;
	forceGC(target: Target): Promise<void>;
	decodeStacks(target: Target, key: string, valueType: string): Promise<SiteStacks>;
	fleetRefresh?(): Promise<FleetSnapshot>;
	/** Starts polling an instance from the fleet list; its events come back through dispatch. */
	openInstance?(instance: FleetInstance, id: number): Target;
	closeTarget?(target: Target): void;
}

export interface DriverOptions {
	/** Redraw for new data at most this often. */
	readonly refreshMs: number;
	/** The fleet asks Prometheus again this often. */
	readonly fleetRefreshMs?: number;
}

export class Driver {
	private app: App;
	private renderTimer: NodeJS.Timeout | undefined;
	private lastRender = 0;
	private timers: NodeJS.Timeout[] = [];
	private nextId: number;
	private finish!: () => void;
	private stopped = false;
	/** Resolves when the user quits. */
	readonly done: Promise<void>;

	constructor(
		app: App,
		private readonly effects: Effects,
		private readonly options: DriverOptions,
	) {
		this.app = app;
		this.nextId = Math.max(0, ...app.targets.map((target) => target.id)) + 1;
		this.done = new Promise((resolve) => (this.finish = resolve));
	}

	get state(): App {
		return this.app;
	}

	start(): void {
		this.render();
		this.timers.push(setInterval(() => this.dispatch({type: 'tick', now: this.effects.now()}), 1000));
		if (this.app.fleet && this.effects.fleetRefresh) {
			this.refreshFleet();
			this.timers.push(setInterval(() => this.refreshFleet(), this.options.fleetRefreshMs ?? 15_000));
		}
	}

	stop(): void {
		this.stopped = true;
		for (const timer of this.timers) clearInterval(timer);
		clearTimeout(this.renderTimer);
	}

	dispatch = (msg: Msg): void => {
		if (this.stopped) return;
		const {app, commands} = update(this.app, msg);
		this.app = app;
		for (const command of commands) this.run(command);
		if (msg.type === 'key' || msg.type === 'resize' || msg.type === 'target-added' || msg.type === 'stacks') this.render();
		else if (msg.type === 'tick') {
			if (this.effects.now() - this.lastRender >= this.options.refreshMs + 900) this.render();
		} else this.scheduleRender();
	};

	private render(): void {
		if (this.stopped) return;
		clearTimeout(this.renderTimer);
		this.renderTimer = undefined;
		this.lastRender = this.effects.now();
		this.effects.show(view(this.app));
	}

	private scheduleRender(): void {
		this.renderTimer ??= setTimeout(() => this.render(), Math.max(50, this.lastRender + this.options.refreshMs - this.effects.now()));
	}

	private note(target: number, text: string, level: 'info' | 'warn' | 'error' = 'info'): void {
		this.dispatch({type: 'model', target, event: {type: 'note', time: this.effects.now(), text, level}});
	}

	private target(id: number): Target | undefined {
		return this.app.targets.find((target) => target.id === id);
	}

	private run(command: Command): void {
		switch (command.type) {
			case 'quit':
				this.stop();
				this.finish();
				return;
			case 'repaint':
				this.effects.repaint();
				return;
			case 'bell':
				this.effects.bell();
				return;
			case 'snapshot': {
				const target = this.target(command.target);
				if (!target) return;
				this.note(target.id, 'writing snapshot…');
				this.effects.snapshot(target).then(
					(path) => this.note(target.id, `snapshot written: ${path}`),
					(error: unknown) => this.note(target.id, `snapshot failed (nothing lost, s retries): ${describeError(error)}`, 'error'),
				);
				return;
			}
			case 'force-gc': {
				const target = this.target(command.target);
				if (target) void this.effects.forceGC(target);
				return;
			}
			case 'decode-stacks': {
				const target = this.target(command.target);
				if (!target) return;
				this.effects.decodeStacks(target, command.key, command.valueType).then(
					(result) => this.dispatch({type: 'stacks', target: command.target, key: command.key, result}),
					(error: unknown) => this.dispatch({type: 'stacks', target: command.target, key: command.key, error: describeError(error)}),
				);
				return;
			}
			case 'fleet-refresh':
				this.refreshFleet();
				return;
			case 'open-instance': {
				const target = this.effects.openInstance?.(command.instance, this.nextId++);
				if (target) this.dispatch({type: 'target-added', target});
				return;
			}
			case 'close-target': {
				const target = this.target(command.target);
				if (target) this.effects.closeTarget?.(target);
				return;
			}
		}
	}

	/** One refresh at a time: a slow Prometheus never piles requests up. */
	private refreshing = false;

	private refreshFleet(): void {
		if (this.refreshing || !this.effects.fleetRefresh) return;
		this.refreshing = true;
		this.effects.fleetRefresh().then(
			(snapshot) => {
				this.refreshing = false;
				this.dispatch({type: 'fleet', snapshot, now: this.effects.now()});
			},
			(error: unknown) => {
				this.refreshing = false;
				this.dispatch({type: 'fleet', error: describeError(error), now: this.effects.now()});
			},
		);
	}
}
