import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {describe, it} from 'node:test';
import {load, resolve} from '../source/live/ink-loader-hook.js';

const inkBuild = dirname(createRequire(import.meta.url).resolve('ink'));

describe('workarounds for Ink 6.8', () => {
	it('the loader hook bounds the installed Ink measure-text cache', async () => {
		const file = join(inkBuild, 'measure-text.js');
		const source = readFileSync(file, 'utf8');
		const result = await load(`file://${file}`, {}, async () => ({format: 'module', source}));
		assert.match(String(result.source), /if \(cache\.size >= 2000\) cache\.clear\(\); cache\.set\(text, dimensions\);/);
		const other = await load('file:///x/other.js', {}, async () => ({format: 'module', source: 'cache.set(text, dimensions);'}));
		assert.equal(other.source, 'cache.set(text, dimensions);', 'other modules untouched');
	});

	it('the loader hook hands Ink our output buffer and text measure, and nothing else', async () => {
		const next = async (specifier: string, context: {parentURL?: string}) => ({url: `${context.parentURL ?? ''}|${specifier}`});
		const renderer = `file://${join(inkBuild, 'renderer.js')}`;
		assert.match((await resolve('./output.js', {parentURL: renderer}, next)).url, /source\/live\/ink-loader-hook\.(ts|js)\|\.\/ink-output\.js$/);
		for (const parent of ['measure-text.js', 'render-node-to-output.js']) {
			assert.match((await resolve('widest-line', {parentURL: `file://${join(inkBuild, parent)}`}, next)).url, /\|\.\/ink-widest-line\.js$/);
		}
		assert.equal((await resolve('./output.js', {parentURL: 'file:///x/other.js'}, next)).url, 'file:///x/other.js|./output.js');
		assert.equal((await resolve('widest-line', {parentURL: 'file:///x/cli-boxes.js'}, next)).url, 'file:///x/cli-boxes.js|widest-line');
	});

	it('the modules it swaps are where the installed Ink imports them', () => {
		assert.match(readFileSync(join(inkBuild, 'renderer.js'), 'utf8'), /import Output from '\.\/output\.js';/);
		for (const parent of ['measure-text.js', 'render-node-to-output.js']) {
			assert.match(readFileSync(join(inkBuild, parent), 'utf8'), /import widestLine from 'widest-line';/);
		}
	});
});
