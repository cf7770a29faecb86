import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';

/** Built by scripts/build-demo.js (part of `npm test`). */
export const DEMO_BIN = resolve('test/.work/leakydemo');
export const GENPROFILE_BIN = resolve('test/.work/genprofile');
export const LEAKZOO_BIN = resolve('test/.work/leakzoo');

export const hasGo = spawnSync('go', ['version']).status === 0 && existsSync(DEMO_BIN);
/** For `skip:` in node:test: the reason, or false. */
export const needsGo = hasGo ? false : 'needs a Go toolchain (bash .ci/run installs one)';

export interface Demo {
	readonly url: string;
	readonly address: string;
	readonly process: ChildProcess;
	stop(): Promise<void>;
}

/** Starts the leaky Go demo (or another program of test/ that takes -addr and -port-file) on a free loopback port and waits until it listens. */
export async function startDemo(args: string[] = [], program = DEMO_BIN): Promise<Demo> {
	const dir = mkdtempSync(join(tmpdir(), 'leakwatch-demo-'));
	const portFile = join(dir, 'addr');
	const child = spawn(program, ['-addr', '127.0.0.1:0', '-port-file', portFile, ...args], {stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const deadline = Date.now() + 15_000;
	while (!existsSync(portFile) || readFileSync(portFile, 'utf8') === '') {
		if (child.exitCode !== null) throw new Error(`demo exited: ${stderr}`);
		if (Date.now() > deadline) throw new Error(`demo did not start: ${stderr}`);
		await delay(20);
	}
	const address = readFileSync(portFile, 'utf8').trim();
	return {
		url: `http://${address}`,
		address,
		process: child,
		async stop() {
			await killAndWait(child);
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

/** SIGKILL a child process and wait until it has exited. */
export async function killAndWait(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((done) => child.once('exit', done));
	child.kill('SIGKILL');
	await exited;
}
