import {spawn} from 'node:child_process';
import {resolve} from 'node:path';

export const CLI = resolve('dist/cli.js');

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs the built CLI as a user would, without a TTY. */
export function runCli(args: string[], options: {timeoutMs?: number; env?: Record<string, string>} = {}): Promise<CliResult> {
	return new Promise((done, fail) => {
		const child = spawn(process.execPath, [CLI, ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {...process.env, ...options.env},
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			fail(new Error(`leakwatch ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms\n${stderr}`));
		}, options.timeoutMs ?? 60_000);
		child.on('close', (code) => {
			clearTimeout(timer);
			done({code, stdout, stderr});
		});
	});
}
