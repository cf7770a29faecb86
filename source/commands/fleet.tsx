import {durationFlag, intFlag, targetFromFlags, usage, type RawFlags} from '../cli-options.js';
import {fleetSnapshot, type FleetInstance} from '../fleet/fleet.js';
import {PrometheusClient} from '../fleet/prometheus-client.js';
import {fleetRows, instanceUrl} from '../live/fleet-view.js';
import {LiveSession} from '../live/session.js';
import {colorEnabled} from '../live/terminal.js';
import {FleetApp} from '../ui/fleet-app.js';
import type {Output} from './check.js';
import {runFullScreen} from './live.js';

/**
 * `leakwatch fleet --prometheus URL`: every instance Prometheus scrapes,
 * ranked by how fast heap, goroutines, RSS and open files grow; Enter opens
 * the live dashboard on one. `--json` for scripts; plain text when not a TTY.
 */
export async function fleetFromFlags(args: string[], flags: RawFlags, out: Output): Promise<number> {
	if (args.length > 0) throw usage('fleet takes no arguments: leakwatch fleet --prometheus URL');
	if (typeof flags.prometheus !== 'string' || !flags.prometheus) throw usage('fleet needs --prometheus URL (the Prometheus server to ask)');
	const client = new PrometheusClient(targetFromFlags(flags.prometheus, flags));
	const selector = typeof flags.selector === 'string' ? flags.selector : '';
	if (selector && !/^\{.*\}$/s.test(selector.trim())) throw usage(`--selector must look like {job="api"} (got ${JSON.stringify(selector)})`);
	const windowMs = durationFlag(flags, 'window', 30 * 60_000, 5000);
	const windowText = typeof flags.window === 'string' ? flags.window : '30m';
	const pprofPort = intFlag(flags, 'pprofPort', 1);
	const instances = await fleetSnapshot(client, selector, windowMs);

	if (flags.json === true) {
		out.write(`${JSON.stringify({prometheus: client.config.display, selector, windowSeconds: windowMs / 1000, instances}, null, 2)}\n`);
		return 0;
	}
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		out.write(textTable(instances, client.config.display, windowText));
		return 0;
	}
	const sessions: LiveSession[] = [];
	const openSession = (instance: FleetInstance) => {
		const session = new LiveSession({
			target: targetFromFlags(instanceUrl(instance.instance, pprofPort), flags),
			intervalMs: 1000,
			profileIntervalMs: 5000,
			outDir: process.cwd(),
			customVars: [],
		});
		session.start();
		sessions.push(session);
		return session;
	};
	return runFullScreen(sessions, (redraw) => (
		<FleetApp
			client={client}
			selector={selector}
			windowMs={windowMs}
			windowText={windowText}
			refreshMs={durationFlag(flags, 'interval', 15_000, 1000)}
			options={{color: colorEnabled()}}
			openSession={openSession}
			onRedraw={redraw}
			first={instances}
		/>
	));
}

function textTable(instances: readonly FleetInstance[], prometheus: string, window: string): string {
	const lines = [`${instances.length} instances from ${prometheus}, growth per minute over ${window}, fastest first:`, ''];
	for (const row of fleetRows(instances, -1, 140)) lines.push(row.text.trimEnd());
	return `${lines.join('\n')}\n`;
}
