// Part of `npm run bench`: bytes written to the terminal per steady-state
// refresh, Ink's incremental renderer (with leakwatch's cursor fix) against a
// full repaint, on the same sequence of frames. Prints JSON.
import {Writable} from 'node:stream';
import {render} from 'ink';
import {cursorFixingStdout} from '../source/live/ink-stdout.js';
import {LiveApp} from '../source/ui/live-app.js';
import {recordedSession} from '../test/helpers/sessions.js';

class FakeTty extends Writable {
	bytes = 0;
	isTTY = true;
	columns = 120;
	rows = 40;
	override _write(chunk: Buffer, _encoding: string, done: () => void) {
		this.bytes += chunk.length;
		done();
	}
}

async function measure(incremental: boolean): Promise<number> {
	const {session, rest} = await recordedSession({upTo: 12});
	const tty = new FakeTty();
	const stdout = incremental ? cursorFixingStdout(tty as unknown as NodeJS.WriteStream) : (tty as unknown as NodeJS.WriteStream);
	let clock = 1_800_000_000_000;
	const app = render(<LiveApp session={session} options={{color: true}} size={{columns: 120, rows: 40}} now={() => clock} />, {
		stdout,
		incrementalRendering: incremental,
		maxFps: 1000,
		patchConsole: false,
		exitOnCtrlC: false,
	});
	await new Promise((done) => setTimeout(done, 50));
	// Steady state: ticks (plots and header move) and profiles (the list moves).
	const before = tty.bytes;
	let refreshes = 0;
	for (const event of rest) {
		session.apply(event);
		clock += 1000;
		refreshes++;
		await new Promise((done) => setTimeout(done, 5));
	}
	const perRefresh = (tty.bytes - before) / refreshes;
	app.unmount();
	return perRefresh;
}

const incremental = await measure(true);
const full = await measure(false);
console.log(JSON.stringify({incremental, full}));
process.exit(0);
