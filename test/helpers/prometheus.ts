import {execFileSync, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {killAndWait} from './demo.js';

/** A real Prometheus server (Debian's package), on loopback with its own config and data folder. */
export const hasPrometheus = spawnSync('prometheus', ['--version']).status === 0;
export const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

export interface Prometheus {
	readonly url: string;
	readonly process: ChildProcess;
	stop(): Promise<void>;
}

async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const {port} = server.address() as net.AddressInfo;
	await new Promise((done) => server.close(done));
	return port;
}

export interface PrometheusOptions {
	/** Default 1 s. */
	scrapeInterval?: string;
	/** Keep the job and instance labels the scraped samples carry (one exporter standing for many instances). */
	honorLabels?: boolean;
	/** History to start from: OpenMetrics text with timestamps, turned into blocks by promtool before the server starts. */
	history?: string;
}

/** Scrapes `jobs` (job name → host:port list); resolves once every target is up. */
export async function startPrometheus(jobs: Record<string, string[]>, options: PrometheusOptions = {}): Promise<Prometheus> {
	const dir = mkdtempSync(join(tmpdir(), 'leakwatch-prometheus-'));
	if (options.history) execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', options.history, join(dir, 'data')], {stdio: 'ignore'});
	const config = [
		'global:',
		`  scrape_interval: ${options.scrapeInterval ?? '1s'}`,
		'  evaluation_interval: 1s',
		'scrape_configs:',
		...Object.entries(jobs).flatMap(([job, targets]) => [
			`  - job_name: ${job}`,
			...(options.honorLabels ? ['    honor_labels: true'] : []),
			'    static_configs:',
			`      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
		]),
	].join('\n');
	writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);
	const port = await freePort();
	const child = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
		stdio: 'ignore',
	});
	const url = `http://127.0.0.1:${port}`;
	const expected = Object.values(jobs).flat().length;
	const deadline = Date.now() + 30_000;
	for (;;) {
		try {
			const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('sum(up)')}`);
			const body = (await response.json()) as {data?: {result?: Array<{value: [number, string]}>}};
			if (Number(body.data?.result?.[0]?.value[1]) === expected) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline || child.exitCode !== null) throw new Error('Prometheus did not come up');
		await delay(250);
	}
	return {
		url,
		process: child,
		async stop() {
			await killAndWait(child);
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
