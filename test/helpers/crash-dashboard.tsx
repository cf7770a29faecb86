// Runs the real dashboard launcher on a recorded session and then crashes it,
// for the end-to-end test that a crash still restores the terminal.
// Usage: node --import tsx test/helpers/crash-dashboard.tsx render|timer
import {runDashboard} from '../../source/commands/live.js';
import {describeError} from '../../source/errors.js';
import {recordedSession} from './sessions.js';

const mode = process.argv[2];
const {session} = await recordedSession();
if (mode === 'render') {
	const data = session.data.bind(session);
	setTimeout(() => {
		session.data = () => {
			throw new Error('boom while rendering');
		};
		session.apply({type: 'note', time: Date.now(), text: 'crash now'});
	}, 1500);
	session.data = data;
} else {
	setTimeout(() => {
		throw new Error('boom in a timer');
	}, 1500);
}
try {
	process.exitCode = await runDashboard(session, {color: true});
} catch (error) {
	process.stderr.write(`leakwatch: ${describeError(error)}\n`);
	process.exitCode = 2;
}
