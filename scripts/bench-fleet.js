// Part of `npm run bench`: one `leakwatch fleet --json` refresh against a real
// Prometheus holding 30 minutes of a simulated fleet (test/fleetsim, history
// written by promtool), the best of three: wall time, and the CPU of
// leakwatch (the whole process, start-up included) and of Prometheus.
import {execFileSync, spawn} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';

async function freePort() {
	const server = net.createServer();
	await new Promise((done) => server.listen(0, '127.0.0.1', done));
	const {port} = server.address();
	await new Promise((done) => server.close(done));
	return port;
}

export async function fleetRefresh(instances, dir, cpuOf) {
	const work = join(dir, `fleet-${instances}`);
	mkdirSync(work, {recursive: true});
	const now = String(Math.floor(Date.now() / 1000));
	const args = ['-instances', String(instances), '-now', now, '-window', '30m', '-step', '30s'];
	execFileSync('test/.work/fleetsim', [...args, '-history', join(work, 'history.om')]);
	execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', join(work, 'history.om'), join(work, 'data')], {stdio: 'ignore'});
	const simPort = await freePort();
	const sim = spawn('test/.work/fleetsim', [...args, '-addr', `127.0.0.1:${simPort}`], {stdio: 'ignore'});
	const port = await freePort();
	writeFileSync(join(work, 'prometheus.yml'), `global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: fleetsim\n    honor_labels: true\n    static_configs:\n      - targets: ['127.0.0.1:${simPort}']\n`);
	const prometheus = spawn('prometheus', [`--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {stdio: 'ignore'});
	const url = `http://127.0.0.1:${port}`;
	try {
		for (let i = 0; i < 200; i++) {
			try {
				const body = await (await fetch(`${url}/api/v1/query?query=sum(up)`)).json();
				if (Number(body.data?.result?.[0]?.value[1]) === 1) break;
			} catch {
				// not up yet
			}
			await delay(250);
		}
		let best;
		for (let run = 0; run < 3; run++) {
			const promBefore = await cpuOf(prometheus.pid);
			const times = execFileSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; { time node dist/cli.js fleet --prometheus ${url} --window 30m --json > /dev/null ; } 2>&1`], {encoding: 'utf8'});
			const prometheusCpu = (await cpuOf(prometheus.pid)) - promBefore;
			const [real, user, system] = times.trim().split(/\s+/).map(Number);
			const figures = {wallMs: real * 1000, leakwatchCpu: user + system, prometheusCpu};
			if (!best || figures.wallMs < best.wallMs) best = figures;
		}
		return best;
	} finally {
		sim.kill('SIGKILL');
		prometheus.kill('SIGKILL');
		await delay(500);
	}
}
