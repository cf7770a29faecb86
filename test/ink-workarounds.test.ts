import assert from 'node:assert/strict';
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, it} from 'node:test';
import {load, resolve} from '../source/live/ink-loader-hook.js';
import {MODULE_SWAPS, patchSource, SOURCE_PATCHES, swapFor} from '../source/live/ink-swaps.js';

const inkBuild = dirname(createRequire(import.meta.url).resolve('ink'));

describe('workarounds for Ink 6.8', () => {
	it('patches the installed Ink and Yoga: bounded text caches, no string per character looking for C1 controls, no re-tokenising of SGR-only text, no top-level waits (Yoga compiled synchronously, no devtools)', async () => {
		for (const patch of SOURCE_PATCHES) {
			// The installed file the patch is for, from its pattern (`\/ink\/build\/x\.js$`).
			const file = join(inkBuild, '..', '..', patch.file.source.replace(/\\(.)/g, '$1').replace(/\$$/, ''));
			const source = readFileSync(file, 'utf8');
			const patched = patchSource(file, source);
			assert.deepEqual(patched.missed, [], `${file} still has the code to patch`);
			assert.ok(patched.source.includes(patch.replace));
			const hooked = await load(`file://${file}`, {}, async () => ({format: 'module', source}));
			assert.equal(hooked.source, patched.source);
		}
		assert.deepEqual(patchSource('/x/ink/build/measure-text.js', 'something else').missed, [SOURCE_PATCHES[0]]);
		const other = await load('file:///x/other.js', {}, async () => ({format: 'module', source: 'cache.set(text, dimensions);'}));
		assert.equal(other.source, 'cache.set(text, dimensions);', 'other modules untouched');

		// The C1 test answers as Ink's loop did.
		const tokenizer = patchSource('/ink/build/ansi-tokenizer.js', readFileSync(join(inkBuild, 'ansi-tokenizer.js'), 'utf8')).source.replace(/^\/\/# sourceMappingURL=.*$/m, '');
		const {hasAnsiControlCharacters} = (await import(`data:text/javascript,${encodeURIComponent(tokenizer)}`)) as {hasAnsiControlCharacters: (text: string) => boolean};
		for (const [text, has] of [['plain', false], ['caf\u00e9 \u2500\u2502 \u{1f600}', false], ['a\u009bb', true], ['\u0080', true], ['\u001b[1m', true]] as const) {
			assert.equal(hasAnsiControlCharacters(text), has, JSON.stringify(text));
		}
	});

	it('sanitises text as Ink did: SGR-only text is passed through, anything else still goes through the tokenizer', async () => {
		// The patched module next to a copy of the tokenizer it imports, in the test's scratch folder.
		const dir = join('test', '.work', 'ink-patched');
		mkdirSync(dir, {recursive: true});
		copyFileSync(join(inkBuild, 'ansi-tokenizer.js'), join(dir, 'ansi-tokenizer.js'));
		const file = join(inkBuild, 'sanitize-ansi.js');
		writeFileSync(join(dir, 'sanitize-ansi.js'), patchSource(file, readFileSync(file, 'utf8')).source);
		type Sanitize = {default: (text: string) => string};
		const patched = ((await import(pathToFileURL(join(dir, 'sanitize-ansi.js')).href)) as Sanitize).default;
		const original = ((await import(pathToFileURL(file).href)) as Sanitize).default;
		const texts = [
			'plain',
			'\u001b[1mbold\u001b[22m \u001b[7;33mx\u001b[0m \u001b[m',
			'\u001b[38;2;1;2;3mrgb\u001b[39m',
			'a\u001b[2Jb',
			'\u001b]0;title\u0007c',
			'\u001b[1mok\u001b[Hcursor',
			'x\u009b31my',
			'\u001b',
			'\u001b[1',
			'\u001b[1:2m',
			'\u001bc',
		];
		for (const text of texts) assert.equal(patched(text), original(text), JSON.stringify(text));
	});

	it('hands Ink our output buffer and text measure, and nothing else', async () => {
		assert.equal(swapFor('./output.js', join(inkBuild, 'renderer.js'))?.replacement, './ink-output.js');
		for (const parent of ['measure-text.js', 'render-node-to-output.js']) {
			assert.equal(swapFor('widest-line', `file://${join(inkBuild, parent)}`)?.replacement, './ink-widest-line.js');
		}
		assert.equal(swapFor('./output.js', '/x/other.js'), undefined);
		assert.equal(swapFor('widest-line', '/x/cli-boxes.js'), undefined);

		const next = async (specifier: string, context: {parentURL?: string}) => ({url: `${context.parentURL ?? ''}|${specifier}`});
		const renderer = `file://${join(inkBuild, 'renderer.js')}`;
		assert.match((await resolve('./output.js', {parentURL: renderer}, next)).url, /source\/live\/ink-loader-hook\.(ts|js)\|\.\/ink-output\.js$/);
		assert.equal((await resolve('./output.js', {parentURL: 'file:///x/other.js'}, next)).url, 'file:///x/other.js|./output.js');
	});

	it('the modules it swaps are where the installed Ink imports them', () => {
		assert.match(readFileSync(join(inkBuild, 'renderer.js'), 'utf8'), /import Output from '\.\/output\.js';/);
		for (const parent of ['measure-text.js', 'render-node-to-output.js']) {
			assert.match(readFileSync(join(inkBuild, parent), 'utf8'), /import widestLine from 'widest-line';/);
		}
		assert.equal(MODULE_SWAPS.length, 2);
	});
});
