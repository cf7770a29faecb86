/**
 * What leakwatch's terminal room relies on in Ink, checked against the Ink
 * that is installed (and bundled): an Ink upgrade either keeps these or fails
 * here, never silently. Ink reads the keyboard; the frame writer draws.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {EventEmitter} from 'node:events';
import {describe, it} from 'node:test';
import {render} from 'ink';
import {render as inkTestingRender} from 'ink-testing-library';
import {Screen} from '../source/terminal/screen.js';

const require = createRequire(import.meta.url);
const inkDir = dirname(dirname(require.resolve('ink')));

describe('Ink, as the terminal room uses it', () => {
	it('is the exact version package.json pins', () => {
		const pinned = JSON.parse(readFileSync('package.json', 'utf8')).devDependencies.ink as string;
		assert.match(pinned, /^\d+\.\d+\.\d+$/, 'an exact version, not a range');
		assert.equal(JSON.parse(readFileSync(join(inkDir, 'package.json'), 'utf8')).version, pinned);
	});

	it('runs on a stream that goes nowhere: nothing it writes (cursor, kitty queries) reaches the terminal, the frame writer alone draws', async () => {
		const writes: string[] = [];
		const nowhere = Object.assign(new EventEmitter(), {
			columns: 40,
			rows: 10,
			write(chunk: string) {
				writes.push(chunk);
				return true;
			},
		});
		const instance = render(<Screen onKey={() => {}} />, {stdout: nowhere as unknown as NodeJS.WriteStream, debug: true, exitOnCtrlC: false, patchConsole: false});
		instance.rerender(<Screen onKey={() => {}} />);
		await new Promise((done) => setTimeout(done, 20));
		instance.unmount();
		// The component draws nothing: what Ink wrote, escapes aside, is empty.
		for (const chunk of writes) assert.equal(chunk.replace(/\u001b\[[?\d;]*[A-Za-z]/g, '').trim(), '', JSON.stringify(chunk));
	});

	it('hands useInput every key the key map reads, escape sequences decoded', async () => {
		const keys: Array<[string, Record<string, unknown>]> = [];
		const instance = inkTestingRender(<Screen onKey={(input, key) => keys.push([input, {...key}])} />);
		for (const sequence of ['j', '\u001b[B', '\u001b[A', '\u001b[6~', '\u001b[5~', '\u001b[H', '\u001b[F', '\r', '\t', '\u007f', '\u001b[C', '\u001b[D']) {
			instance.stdin.write(sequence);
			await new Promise((done) => setTimeout(done, 30));
		}
		instance.stdin.write('\u001b');
		await new Promise((done) => setTimeout(done, 80));
		instance.unmount();
		const flags = keys.map(([input, key]) => Object.keys(key).find((name) => key[name] === true) ?? input);
		assert.deepEqual(flags, ['j', 'downArrow', 'upArrow', 'pageDown', 'pageUp', 'home', 'end', 'return', 'tab', 'delete', 'rightArrow', 'leftArrow', 'escape']);
	});
});
