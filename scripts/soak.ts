// Soak: the real dashboard, rendering to a real pty (tmux), polls the leaky Go
// demo very fast (vars every 20 ms, profiles every 100 ms) for a while and
// reports its own RSS and JS heap over time. After warm-up (the rings fill in
// ~72 s at this rate) growth must stay under 10%. The JS heap judged is what
// survives a full GC (the dashboard runs with --expose-gc and collects before
// each sample): the heap before collection is mostly garbage and swings ±50%.
//
//   npm run soak                  5 minutes (SOAK_SECONDS to change)
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {startDemo} from '../test/helpers/demo.js';
import {Tmux} from '../test/helpers/tmux.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 300);
const warmup = Math.min(seconds / 2, Number(process.env.SOAK_WARMUP ?? 100));
const dir = mkdtempSync(join(tmpdir(), 'leakwatch-soak-'));
const log = join(dir, 'memory.jsonl');

const demo = await startDemo(['-leak-goroutines', '2']);
const term = new Tmux('soak', `LEAKWATCH_MEMLOG=${log} node --expose-gc dist/cli.js ${demo.url} --interval 20ms --profile-interval 100ms`, {columns: 120, rows: 40});
console.log(`soak: ${seconds}s against ${demo.url}, warm-up ${warmup}s; memory log ${log}`);
try {
	await term.waitFor(/Heap allocation sites/);
	for (let t = 0; t < seconds; t += 30) {
		await delay(Math.min(30, seconds - t) * 1000);
		process.stdout.write(`  ${Math.min(seconds, t + 30)}s\n`);
	}
	term.send('q');
	await term.waitFor(/EXIT=0/);
} finally {
	term.kill();
	await demo.stop();
}

interface Sample {
	seconds: number;
	rss: number;
	heapUsed: number;
	retained: number;
}
const samples = readFileSync(log, 'utf8')
	.trim()
	.split('\n')
	.map((line) => JSON.parse(line) as Sample);
rmSync(dir, {recursive: true, force: true});
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
console.log('\n  time     RSS MB   JS heap MB   retained MB');
for (const sample of samples.filter((_, i) => i % 10 === 0 || i === samples.length - 1)) {
	console.log(`  ${String(Math.round(sample.seconds)).padStart(4)}s  ${mb(sample.rss).padStart(7)}  ${mb(sample.heapUsed).padStart(11)}  ${mb(sample.retained).padStart(12)}`);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const after = samples.filter((s) => s.seconds >= warmup);
const window = Math.max(5, Math.floor(after.length / 5));
const early = after.slice(0, window);
const late = after.slice(-window);
let ok = true;
for (const key of ['rss', 'retained'] as const) {
	const from = median(early.map((s) => s[key]));
	const to = median(late.map((s) => s[key]));
	const growth = ((to - from) / from) * 100;
	console.log(`${key === 'rss' ? 'RSS' : 'JS heap retained'} after warm-up: ${mb(from)} MB → ${mb(to)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%)`);
	if (growth >= 10) ok = false;
}
console.log(ok ? 'soak passed: growth under 10% after warm-up' : 'soak FAILED: memory grew 10% or more after warm-up');
process.exit(ok ? 0 : 1);
