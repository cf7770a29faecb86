// Records the real profiles the fast unit tests use: the leaky demo polled
// every 2 s, eight times. Run with: node --import tsx scripts/record-fixtures.ts
// [DEMO_BINARY OUT_DIR] (needs Go and `node scripts/build-demo.js`); the
// Go 1.19 run: test/.work/go1.19/leakydemo test/fixtures/demo-run-go1.19.
// The output is committed.
import {mkdirSync, writeFileSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import {startDemo} from '../test/helpers/demo.js';

const [binary, out = 'test/fixtures/demo-run'] = process.argv.slice(2);
mkdirSync(out, {recursive: true});
// A leak the sampling can see in 16 s: 512 KiB/s, sampled every 64 KiB.
const demo = await startDemo(['-leak-bytes', String(512 << 10), '-leak-goroutines', '3', '-churn-bytes', String(8 << 20), '-mem-profile-rate', String(64 << 10)], binary);
try {
	await delay(1500);
	for (let i = 0; i < 8; i++) {
		const n = String(i).padStart(2, '0');
		for (const [name, path] of [
			[`heap-${n}.pb.gz`, '/debug/pprof/heap'],
			[`goroutine-${n}.pb.gz`, '/debug/pprof/goroutine'],
			[`vars-${n}.json`, '/debug/vars'],
			[`index-${n}.html`, '/debug/pprof/'],
		] as const) {
			const response = await fetch(`${demo.url}${path}`);
			writeFileSync(`${out}/${name}`, Buffer.from(await response.arrayBuffer()));
		}
		await delay(2000);
	}
} finally {
	await demo.stop();
}
console.log(`recorded ${out}`);
