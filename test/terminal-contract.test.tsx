/**
 * What leakwatch's terminal room relies on inside Ink, checked against the Ink
 * that is installed (and bundled): an Ink upgrade either keeps these or fails
 * here, never silently.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {EventEmitter} from 'node:events';
import {describe, it} from 'node:test';
import {render} from 'ink';
import {Screen} from '../source/terminal/screen.js';
import {span} from '../source/view/style.js';

const require = createRequire(import.meta.url);
const inkDir = dirname(dirname(require.resolve('ink')));

describe('Ink, as the terminal room uses it', () => {
	it('is the exact version package.json pins, with leakwatch\'s patch applied (patches/)', () => {
		const pinned = JSON.parse(readFileSync('package.json', 'utf8')).devDependencies.ink as string;
		assert.match(pinned, /^\d+\.\d+\.\d+$/, 'an exact version, not a range');
		assert.equal(JSON.parse(readFileSync(join(inkDir, 'package.json'), 'utf8')).version, pinned);
		const patch = readFileSync(`patches/ink+${pinned}.patch`, 'utf8');
		assert.match(patch, /measure-text\.js/);
		// The one real defect patched: caches of every text Ink ever measured or wrapped, never emptied.
		for (const file of ['measure-text.js', 'wrap-text.js']) {
			const source = readFileSync(join(inkDir, 'build', file), 'utf8');
			assert.match(source, /if \(cache\.size >= maxCacheSize\) \{\s*cache\.clear\(\);/, `${file} is patched`);
		}
	});

	it('in debug mode writes every frame whole, and nothing else, to the stream it is given (what the frame writer diffs)', async () => {
		const writes: string[] = [];
		const stdout = Object.assign(new EventEmitter(), {
			columns: 40,
			rows: 10,
			isTTY: false,
			write(chunk: string) {
				writes.push(chunk);
				return true;
			},
		});
		const lines = (text: string) => [[span(text)], [span('second row')]];
		const instance = render(<Screen lines={lines('first')} columns={40} color={false} onKey={() => {}} />, {
			stdout: stdout as unknown as NodeJS.WriteStream,
			debug: true,
			exitOnCtrlC: false,
			patchConsole: false,
		});
		instance.rerender(<Screen lines={lines('changed')} columns={40} color={false} onKey={() => {}} />);
		await new Promise((done) => setTimeout(done, 20));
		instance.unmount();
		const frames = writes.filter((chunk) => chunk !== '');
		assert.ok(frames.length >= 2, JSON.stringify(writes));
		assert.equal(frames[0]!.split('\n')[0]!.trimEnd(), 'first');
		assert.ok(frames.some((frame) => frame.split('\n')[0]!.trimEnd() === 'changed' && frame.split('\n')[1]!.trimEnd() === 'second row'), 'each write is the whole frame');
		for (const frame of frames) assert.doesNotMatch(frame, /\u001b\[(\d*[ABCDHJK]|\?25)/, 'no cursor moves or erasing: the frame writer does those');
	});

	it('hands useInput the key fields the key map reads', () => {
		const types = readFileSync(join(inkDir, 'build', 'hooks', 'use-input.d.ts'), 'utf8');
		for (const field of ['upArrow', 'downArrow', 'leftArrow', 'rightArrow', 'pageDown', 'pageUp', 'home', 'end', 'return', 'escape', 'ctrl', 'shift', 'tab', 'backspace', 'delete']) {
			assert.match(types, new RegExp(`\\b${field}: boolean`), field);
		}
	});
});
