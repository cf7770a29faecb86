// Part of `npm run bench`: CPU of the real dashboard in a real pty (tmux)
// polling a target whose heap profile has 2^14 stacks: a series of profiles
// written by one Go process allocating round after round, so every poll brings
// a new profile to decode and rank, as from a live service.
import {readFileSync} from 'node:fs';
import http from 'node:http';
import {setTimeout as delay} from 'node:timers/promises';
import {execFileSync} from 'node:child_process';

/** Seconds from launch before the first window: start-up and the first profiles. */
export const STARTUP_SECONDS = 8;

export async function tmuxCpu(profiles, seconds, cpuOf) {
	const fixture = (name) => readFileSync(`test/fixtures/demo-run/${name}`);
	// A GC every 2 s, as in a busy service: the heap profile really changes between polls.
	const vars = readFileSync('test/fixtures/demo-run/vars-05.json', 'utf8');
	const started = Date.now();
	const varsNow = () => vars.replace(/"NumGC":\d+/, `"NumGC":${100 + Math.floor((Date.now() - started) / 2000)}`);
	const heaps = profiles.map((file) => readFileSync(file));
	let heapRequests = 0;
	// Recorded from the demo: a Go process stamps each profile with its time, so no two are the same bytes.
	const goroutines = Array.from({length: 8}, (_, i) => fixture(`goroutine-0${i}.pb.gz`));
	let goroutineRequests = 0;
	const server = http.createServer((request, response) => {
		const path = new URL(request.url, 'http://x').pathname;
		const body =
			path === '/debug/pprof/'
				? fixture('index-05.html')
				: path === '/debug/vars'
					? varsNow()
					: path === '/debug/pprof/heap'
						? heaps[Math.min(heapRequests++, heaps.length - 1)]
						: path === '/debug/pprof/goroutine'
							? goroutines[goroutineRequests++ % goroutines.length]
							: undefined;
		response.writeHead(body ? 200 : 404);
		response.end(body);
	});
	await new Promise((done) => server.listen(0, '127.0.0.1', done));
	const url = `http://127.0.0.1:${server.address().port}`;
	const socket = `leakwatch-bench-${process.pid}`;
	const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	try {
		tmux('new-session', '-d', '-s', 'bench', '-x', '120', '-y', '40', `env -u CI node dist/cli.js ${url}; sleep 600`);
		await delay(STARTUP_SECONDS * 1000);
		const shell = Number(tmux('display-message', '-p', '-t', 'bench', '#{pane_pid}').trim());
		const node = Number(execFileSync('pgrep', ['-P', String(shell)], {encoding: 'utf8'}).trim().split('\n')[0]);
		// Everything since launch: loading the code, the first polls and profiles.
		const startup = await cpuOf(node);
		console.log(`   start-up (launch to ${STARTUP_SECONDS} s, first profiles included): ${startup.toFixed(2)} CPU-seconds`);
		// Two windows: the first one still pays for V8 compiling the hot code; the second is
		// what the dashboard costs for the hours it runs.
		const windows = [];
		for (const name of ['first', 'steady']) {
			const before = await cpuOf(node);
			const requestsBefore = heapRequests;
			await delay(seconds * 1000);
			const used = (await cpuOf(node)) - before;
			console.log(`   ${name} ${seconds}s: ${heapRequests - requestsBefore} heap profiles decoded and ranked; ${used.toFixed(2)} CPU-seconds`);
			windows.push((used / seconds) * 100);
		}
		const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${node}/status`, 'utf8'))[1]) / 1024;
		return {startup, first: windows[0], steady: windows[1], rssMb};
	} finally {
		tmux('kill-server');
		server.close();
	}
}
