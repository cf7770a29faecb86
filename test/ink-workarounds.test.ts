import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {describe, it} from 'node:test';
import {load, resolve} from '../source/live/ink-loader-hook.js';
import {boundMeasureCache, MODULE_SWAPS, swapFor} from '../source/live/ink-swaps.js';

const inkBuild = dirname(createRequire(import.meta.url).resolve('ink'));

describe('workarounds for Ink 6.8', () => {
	it('bounds the installed Ink measure-text cache, and only that', async () => {
		const file = join(inkBuild, 'measure-text.js');
		const source = readFileSync(file, 'utf8');
		assert.match(boundMeasureCache(source) ?? '', /if \(cache\.size >= 2000\) cache\.clear\(\); cache\.set\(text, dimensions\);/);
		assert.equal(boundMeasureCache('something else'), undefined);
		const hooked = await load(`file://${file}`, {}, async () => ({format: 'module', source}));
		assert.equal(hooked.source, boundMeasureCache(source));
		const other = await load('file:///x/other.js', {}, async () => ({format: 'module', source: 'cache.set(text, dimensions);'}));
		assert.equal(other.source, 'cache.set(text, dimensions);', 'other modules untouched');
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
