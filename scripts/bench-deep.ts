// Part of `npm run bench`: profiles with deep stacks (Go 1.23+ records up to
// 128 frames) against the same number of shallow ones, in process, warm: a
// heap poll (the summary the decode thread makes, then the model), and the
// drill-down's stacks for the largest site. Prints JSON, milliseconds.
import {readFileSync} from 'node:fs';
import {summarizeHeap} from '../source/decode/heap-sites.js';
import {siteStacks} from '../source/decode/site-stacks.js';
import {apply, createModel} from '../source/model/model.js';
import {best} from './best.js';

const options = {maxBytes: 2 ** 30, what: 'profile'};


async function measure(baseFile: string, currentFile: string) {
	const base = readFileSync(baseFile);
	const current = readFileSync(currentFile);
	const baseSummary = await summarizeHeap(base, options);
	const poll = await best(8, async () => {
		const model = createModel();
		apply(model, {type: 'heap', time: 0, raw: base, summary: baseSummary});
		apply(model, {type: 'heap', time: 5000, raw: current, summary: await summarizeHeap(current, options)});
	});
	const summary = await summarizeHeap(current, options);
	const top = [...summary.sites].sort((a, b) => b.values[3]! - a.values[3]!)[0]!;
	const drill = await best(5, () => siteStacks(current, base, top.key, 'inuse_space', options));
	return {poll, drill, bytes: current.length};
}

const [shallowA, shallowB, deepA, deepB] = process.argv.slice(2) as [string, string, string, string];
console.log(JSON.stringify({shallow: await measure(shallowA, shallowB), deep: await measure(deepA, deepB)}));
