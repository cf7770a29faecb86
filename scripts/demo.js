// `npm run demo`: the dashboard on the bundled leaky Go program. Builds and starts
// the demo on a free loopback port, opens leakwatch on it, and stops the demo when
// you quit. Without a Go toolchain (or with LEAKWATCH_DEMO=replay) it replays a
// recording of a real demo run instead.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';

const cli = ['dist/cli.js'];
const hasGo = process.env.LEAKWATCH_DEMO !== 'replay' && spawnSync('go', ['version']).status === 0;

function runDashboard(args) {
	// Ink prints only the last frame when CI is set: the demo is interactive.
	const env = {...process.env};
	delete env.CI;
	return spawnSync(process.execPath, [...cli, ...args], {stdio: 'inherit', env}).status ?? 1;
}

if (!hasGo) {
	console.log('No Go toolchain here: replaying a recording of a real demo run (test/fixtures/recording).');
	console.log('Install Go (apt-get install golang-go) to watch the live demo instead.');
	await delay(1500);
	process.exit(runDashboard(['replay', 'test/fixtures/recording']));
}

const built = spawnSync(process.execPath, ['scripts/build-demo.js'], {stdio: 'inherit'});
if (built.status !== 0) process.exit(built.status ?? 1);

const dir = mkdtempSync(join(tmpdir(), 'leakwatch-demo-'));
const portFile = join(dir, 'addr');
// A leak the default sampling (one sample per 512 KiB) takes minutes to see: the demo samples every 64 KiB.
const demo = spawn('test/.work/leakydemo', ['-addr', '127.0.0.1:0', '-port-file', portFile, '-leak-bytes', String(512 << 10), '-mem-profile-rate', String(64 << 10)], {stdio: 'ignore'});
let stopped = false;
const stopDemo = () => {
	if (stopped) return;
	stopped = true;
	demo.kill('SIGKILL');
	rmSync(dir, {recursive: true, force: true});
};
process.on('exit', stopDemo);
for (let waited = 0; !existsSync(portFile) || readFileSync(portFile, 'utf8') === ''; waited += 50) {
	if (demo.exitCode !== null || waited > 10_000) {
		console.error('the demo program did not start');
		process.exit(1);
	}
	await delay(50);
}
const address = readFileSync(portFile, 'utf8').trim();
const code = runDashboard([`http://${address}`, '--profile-interval', '3s']);
stopDemo();
console.log(`leakwatch demo: stopped the Go demo (pid ${demo.pid})`);
process.exit(code);
