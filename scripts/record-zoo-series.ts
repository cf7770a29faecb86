/**
 * Records test/fixtures/zoo-series.json: real series from leakzoo (test/leakzoo),
 * each with the verdicts it may get, for fast unit tests of the verdicts.
 *   LEAKWATCH_ACCURACY_OUT=/tmp/zoo node --import tsx --test test/accuracy.test.ts
 *   node --import tsx scripts/record-zoo-series.ts /tmp/zoo
 */
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {readFileSync, writeFileSync} from 'node:fs';
import {Decoder} from '../source/decode/decoder.js';
import {loadReplay} from '../source/app/replay.js';
const decoder = new Decoder();
const out: unknown[] = [];
const wanted: Record<string, Record<string, string[]>> = {
	// variant: site function -> allowed verdicts
	'clean512k': {'main.boundedCache': ['filled', 'too few samples', 'churning', 'flat'], 'main.warmUp': ['filled', 'too few samples', 'flat']},
	'clean4k': {'main.boundedCache': ['filled'], 'main.warmUp': ['filled']},
	'leaky4k': {'main.remember': ['leaking'], 'main.keepTiny': ['leaking'], 'main.slowLookup': ['leaking'], 'main.burst': ['leaking', 'too few samples'], 'main.boundedCache': ['filled', 'too few samples']},
	'leaky512k': {'main.remember': ['leaking', 'too few samples'], 'main.boundedCache': ['filled', 'too few samples', 'churning', 'flat']},
};
const root = process.argv[2]!;
// Two checks per process, named leakwatch-HOST-TIME: the earlier ran while the cache filled.
const dirs = readdirSync(root).sort();
for (const dir of dirs.map((name) => join(root, name))) {
	const saved = JSON.parse(readFileSync(dir + '/series.json', 'utf8'));
	const cmd: string = saved.cmdline;
	const variant = (cmd.includes('-clean') ? 'clean' : 'leaky') + (cmd.includes('4096') ? '4k' : '512k');
	const host = dir.split('-')[1];
	const when = dirs.find((name) => name.split('-')[1] === host) === dir.split('/').pop() ? 'during fill' : 'after fill';
	const {model} = await loadReplay(dir, decoder, 256 << 20);
	const live: Array<[number, number]> = [];
	let last = NaN;
	for (const [t, v] of saved.series.heapLive.raw) if (v !== null && v !== last) { live.push([t, v]); last = v; }
	out.push({name: `${variant} ${when}: live heap`, kind: 'live', points: live, expect: variant.startsWith('clean') ? ['filled', 'too few samples', 'churning', 'flat', 'shrinking'] : ['leaking']});
	const types = model.heap.sampleTypes.map((t) => t.type);
	for (const [key, item] of model.heap.tracker!.items) {
		const fn = key.split('\u0000')[0]!;
		const decoy = fn !== 'main.remember' && fn !== 'main.keepTiny' && fn !== 'main.slowLookup' && fn !== 'main.burst';
		// After the fill a decoy may be anything but leaking.
		const allowed = when === 'after fill' && decoy && wanted[variant]?.[fn] ? ['filled', 'too few samples', 'churning', 'flat', 'shrinking'] : wanted[variant]?.[fn];
		if (!allowed || key.includes('\u0000')) continue;
		const s = item.series;
		const col = (name: string) => s.column(types.indexOf(name));
		const [ao, as, io, is] = ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'].map(col);
		out.push({name: `${variant} ${when}: ${fn}`, kind: 'site', period: model.heap.period, points: s.times.map((t, i) => [t, ao![i], as![i], io![i], is![i]]), expect: allowed});
	}
}
writeFileSync('test/fixtures/zoo-series.json', JSON.stringify({recorded: 'scripts/record-zoo-series.ts', series: out}, null, 0).replace(/\],\[/g, '],\n['));
await decoder.close();
