/**
 * @module `leakwatch fleet --prometheus URL`: every instance Prometheus
 * scrapes, ranked; Enter opens the live dashboard on one. `--json` for
 * scripts; plain text when not in a terminal.
 */
import {fleetSnapshot, type FleetQuery} from '../fleet/fleet.js';
import {PrometheusClient} from '../fleet/prometheus-client.js';
import {fleetColumns} from '../view/fleet.js';
import type {Output} from './check.js';
import {fleetDashboard} from './dashboard.js';
import {durationFlag, intFlag, targetFromFlags, usage, type RawFlags} from './flags.js';

export async function fleetFromFlags(args: string[], flags: RawFlags, out: Output): Promise<number> {
	if (args.length > 0) throw usage('fleet takes no arguments: leakwatch fleet --prometheus URL');
	if (typeof flags.prometheus !== 'string' || !flags.prometheus) throw usage('fleet needs --prometheus URL (the Prometheus server to ask)');
	const client = new PrometheusClient(targetFromFlags(flags.prometheus, flags));
	const selector = typeof flags.selector === 'string' ? flags.selector : '';
	if (selector && !/^\{.*\}$/s.test(selector.trim())) throw usage(`--selector must look like {job="api"} (got ${JSON.stringify(selector)})`);
	const windowMs = durationFlag(flags, 'window', 30 * 60_000, 5000);
	const memoryLimit = typeof flags.memoryLimit === 'string' && flags.memoryLimit.trim() ? flags.memoryLimit.trim() : undefined;
	const query: FleetQuery = {selector, windowMs, memoryLimit};
	const windowText = typeof flags.window === 'string' ? flags.window : '30m';
	const pprofPort = intFlag(flags, 'pprofPort', 1, 65_535);
	const refreshMs = durationFlag(flags, 'interval', 15_000, 1000);
	const interactive = process.stdout.isTTY && process.stdin.isTTY;
	if (flags.json === true || !interactive) {
		const snapshot = await fleetSnapshot(client, query);
		const top = intFlag(flags, 'top', 1);
		const instances = top === undefined ? snapshot.instances : snapshot.instances.slice(0, top);
		if (flags.json === true) {
			out.write(`${JSON.stringify({prometheus: client.config.display, selector, windowSeconds: windowMs / 1000, time: new Date(snapshot.time).toISOString(), instances})}\n`);
		} else {
			const {header, row} = fleetColumns(140);
			const lines = [`${snapshot.instances.length} instances from ${client.config.display}, over ${windowText}, most urgent first:`, '', header.trimEnd()];
			for (const instance of instances) lines.push(`  ${row(instance)}`.trimEnd());
			out.write(`${lines.join('\n')}\n`);
		}
		return 0;
	}
	// Fail at once on a Prometheus that is not there, before taking the screen.
	await fleetSnapshot(client, query);
	return fleetDashboard(client, {query, windowText, refreshMs, pprofPort, flags});
}
