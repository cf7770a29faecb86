import {execFileSync, spawnSync} from 'node:child_process';
import {setTimeout as delay} from 'node:timers/promises';

/**
 * A real terminal for end-to-end tests: tmux on a private socket, driven with
 * send-keys and read with capture-pane.
 */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export class Tmux {
	private readonly socket = `leakwatch-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

	constructor(
		readonly name: string,
		command: string,
		size: {columns: number; rows: number} = {columns: 100, rows: 30},
	) {
		// BEFORE marks the shell's screen: seeing it again means we left the alternate screen.
		const script = `echo BEFORE; ${command}; echo "EXIT=$?"; sleep 300`;
		this.tmux('new-session', '-d', '-s', name, '-x', String(size.columns), '-y', String(size.rows), `env -u CI TERM=xterm-256color sh -c '${script.replaceAll("'", "'\\''")}'`);
	}

	tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'});
	}

	capture(): string {
		return this.tmux('capture-pane', '-p', '-t', this.name);
	}

	/** tmux format variables of the pane, e.g. alternate_on, cursor_flag. */
	display(format: string): string {
		return this.tmux('display-message', '-p', '-t', this.name, format).trim();
	}

	send(...keys: string[]): void {
		this.tmux('send-keys', '-t', this.name, ...keys);
	}

	resize(columns: number, rows: number): void {
		this.tmux('resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows));
	}

	panePid(): number {
		return Number(this.display('#{pane_pid}'));
	}

	async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		while (Date.now() < deadline) {
			screen = this.capture();
			if (pattern.test(screen)) return screen;
			await delay(150);
		}
		throw new Error(`timed out waiting for ${pattern}; screen:\n${screen}`);
	}

	kill(): void {
		try {
			this.tmux('kill-server');
		} catch {
			// already gone
		}
	}
}

/** The pid of the leakwatch process running under the pane's shell (meow names it "leakwatch"). */
export function leakwatchPid(shellPid: number): number | undefined {
	const out = spawnSync('pgrep', ['-P', String(shellPid), '-f', '^leakwatch'], {encoding: 'utf8'}).stdout.trim();
	return out ? Number(out.split('\n')[0]) : undefined;
}
