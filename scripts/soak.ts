// Soak: the real dashboard, rendering to a real pty (tmux), and its memory over
// time, in two runs:
//   1. the leaky Go demo polled very fast (vars every 20 ms, profiles every
//      100 ms): the rings fill in about 72 s;
//   2. a target whose allocation sites are all new in every heap profile
//      (20,000 fresh function names each time: generated code, closures,
//      per-tenant names), under --max-old-space-size=512, as a small container
//      leaves Node.
// After warm-up, growth must stay under 10% and RSS under the memory budget
// (docs/design.md). The JS heap judged is what survives a full GC (the
// dashboard runs with --expose-gc and collects before each sample).
//
//   npm run soak                  5 minutes a run (SOAK_SECONDS to change)
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {startDemo} from '../test/helpers/demo.js';
import {goLikeRoutes, startFakeTarget} from '../test/helpers/fake-target.js';
import {manyFunctionsProfile} from '../test/helpers/profile-builder.js';
import {Tmux} from '../test/helpers/tmux.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 300);
const warmup = Math.min(seconds / 2, Number(process.env.SOAK_WARMUP ?? 100));
// With every site new in every profile, the trackers and the rankings kept for scrubbing take
// about three minutes to fill (a profile every 500 ms): judge growth after that.
const CHURN_WARMUP = 180;
/** The memory budget the README states. */
const BUDGET_MB = 450;

interface Sample {
	seconds: number;
	rss: number;
	heapUsed: number;
	retained: number;
}

async function soak(name: string, url: string, nodeFlags: string, dashboardFlags: string, seconds: number, warmup: number): Promise<boolean> {
	const dir = mkdtempSync(join(tmpdir(), 'leakwatch-soak-'));
	const log = join(dir, 'memory.jsonl');
	const term = new Tmux(`soak-${name}`, `LEAKWATCH_MEMLOG=${log} node --expose-gc ${nodeFlags} dist/cli.js ${url} ${dashboardFlags}`, {columns: 120, rows: 40});
	console.log(`\nsoak ${name}: ${seconds}s against ${url}, warm-up ${warmup}s; memory log ${log}`);
	try {
		await term.waitFor(/allocation sites/, 60_000);
		for (let t = 0; t < seconds; t += 30) {
			await delay(Math.min(30, seconds - t) * 1000);
			process.stdout.write(`  ${Math.min(seconds, t + 30)}s\n`);
		}
		term.send('q');
		await term.waitFor(/EXIT=0/, 30_000);
	} finally {
		term.kill();
	}
	const samples = readFileSync(log, 'utf8')
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as Sample);
	rmSync(dir, {recursive: true, force: true});
	const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
	console.log('  time     RSS MB   JS heap MB   retained MB');
	for (const sample of samples.filter((_, i) => i % 20 === 0 || i === samples.length - 1)) {
		console.log(`  ${String(Math.round(sample.seconds)).padStart(4)}s  ${mb(sample.rss).padStart(7)}  ${mb(sample.heapUsed).padStart(11)}  ${mb(sample.retained).padStart(12)}`);
	}
	const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
	const after = samples.filter((s) => s.seconds >= warmup);
	const window = Math.max(5, Math.floor(after.length / 5));
	let ok = true;
	for (const key of ['rss', 'retained'] as const) {
		const from = median(after.slice(0, window).map((s) => s[key]));
		const to = median(after.slice(-window).map((s) => s[key]));
		const growth = ((to - from) / from) * 100;
		console.log(`  ${key === 'rss' ? 'RSS' : 'JS heap retained'} after warm-up: ${mb(from)} MB → ${mb(to)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%)`);
		if (growth >= 10) ok = false;
	}
	const peak = Math.max(...samples.map((s) => s.rss));
	console.log(`  peak RSS ${mb(peak)} MB (budget ${BUDGET_MB} MB)`);
	if (peak > BUDGET_MB * 2 ** 20) ok = false;
	console.log(ok ? `  soak ${name} passed` : `  soak ${name} FAILED`);
	return ok;
}

const demo = await startDemo(['-leak-goroutines', '2']);
let ok = false;
try {
	ok = await soak('demo', demo.url, '', '--interval 20ms --profile-interval 100ms', seconds, warmup);
} finally {
	await demo.stop();
}

// Every heap profile a new set of sites; allocation totals never go back (that would read as a restart).
let round = 0;
let gcs = 100;
const vars = readFileSync('test/fixtures/demo-run/vars-05.json', 'utf8');
const churning = await startFakeTarget({
	...goLikeRoutes(),
	// A GC every poll, so every heap profile is fetched.
	'/debug/vars': (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/json'});
		response.end(vars.replace(/"NumGC":\d+/, `"NumGC":${gcs++}`));
	},
	'/debug/pprof/heap': (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/octet-stream'});
		response.end(manyFunctionsProfile(20_000, {seed: round++}));
	},
});
try {
	ok = (await soak('churning-names', churning.url, '--max-old-space-size=512', '--interval 200ms --profile-interval 500ms', Math.max(seconds, CHURN_WARMUP + 120), CHURN_WARMUP)) && ok;
} finally {
	await churning.close();
}
process.exit(ok ? 0 : 1);
