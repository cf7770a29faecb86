// Runs the real full-screen dashboard (terminal, driver, screen) on a recorded
// model and then crashes it, for the end-to-end test that a crash still
// restores the terminal. Usage: node --import tsx test/helpers/crash-dashboard.tsx render|timer
import {newTarget} from '../../source/app/state.js';
import {initialApp, runFullScreen} from '../../source/cli/dashboard.js';
import {Decoder} from '../../source/decode/decoder.js';
import {describeError} from '../../source/errors.js';
import {recordedModel} from './fixtures.js';

const mode = process.argv[2];
const {model} = await recordedModel();
const app = initialApp([newTarget(1, 'http://127.0.0.1:6060', model, {mode: 'live', intervalMs: 1000})], {kind: 'dashboard', target: 1}, undefined, '.', false);
try {
	process.exitCode = await runFullScreen(app, {refreshMs: 100}, new Decoder(), (dispatch) => {
		setTimeout(() => {
			if (mode === 'render') {
				// The next draw throws, as a bug in the view would.
				model.series.heapInuse.columns = () => {
					throw new Error('boom while rendering');
				};
				dispatch({type: 'model', target: 1, event: {type: 'note', time: Date.now(), text: 'crash now'}});
			} else {
				throw new Error('boom in a timer');
			}
		}, 1500);
		return {snapshot: async () => '', forceGC: async () => {}, decodeStacks: async () => ({sampleTypes: [], stacks: [], more: 0}), stop: async () => {}};
	});
} catch (error) {
	process.stderr.write(`leakwatch: ${describeError(error)}\n`);
	process.exitCode = 2;
}
