import {render} from 'ink-testing-library';
import {LiveApp} from '../../source/ui/live-app.js';
import {recordedSession} from './sessions.js';

/** ink-testing-library updates lastFrame() only after a macrotask or two. */
const tick = () => new Promise((done) => setImmediate(() => setTimeout(done, 0)));
export const settle = async () => {
	for (let i = 0; i < 3; i++) await tick();
};
/** Session updates reach the screen within 100 ms (the dashboard batches them). */
export const refresh = async () => {
	await new Promise((done) => setTimeout(done, 150));
	await settle();
};
export const KEYS = {down: '\u001b[B', up: '\u001b[A', left: '\u001b[D', enter: '\r', escape: '\u001b', tab: '\t'};

/** The dashboard on the recorded demo run, with a fixed size and clock. */
export async function mountDashboard(options: Parameters<typeof recordedSession>[0] = {}, size = {columns: 110, rows: 32}) {
	const fixture = await recordedSession(options);
	const now = fixture.events.at(-1)!.time + 500;
	const app = render(<LiveApp session={fixture.session} options={{color: false}} size={size} now={() => now} />);
	await settle();
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			app.stdin.write(key);
			await settle();
			if (key === KEYS.escape) await new Promise((done) => setTimeout(done, 60)); // a lone Esc arrives late
		}
	};
	return {...fixture, app, press, frame: () => plainFrame(app), rawFrame: () => app.lastFrame() ?? ''};
}

/** The last frame without its SGR styling (bold, inverse, colours): what the tests read. */
export const plainFrame = (app: {lastFrame: () => string | undefined}) => (app.lastFrame() ?? '').replace(/\u001b\[[\d;]*m/g, '');

export const selectedLine = (frame: string) => frame.split('\n').find((line) => line.startsWith('›')) ?? '';
