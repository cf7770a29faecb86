// Records test/fixtures/recording: a snapshot (as `s` writes it) of a real
// leakydemo watched for a minute by the same session the dashboard runs. It is
// what `npm run demo` replays where there is no Go, and what the replay tests
// open. Run with: node --import tsx scripts/record-snapshot.ts (needs Go and
// `node scripts/build-demo.js`). The output is committed.
import {readdirSync, renameSync, rmSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import {startSession} from '../source/app/session.js';
import {Decoder} from '../source/decode/decoder.js';
import {writeSnapshot} from '../source/export/snapshot.js';
import {apply, createModel} from '../source/model/model.js';
import {parseTarget} from '../source/target/config.js';
import {startDemo} from '../test/helpers/demo.js';

const out = 'test/fixtures';
const demo = await startDemo(['-leak-bytes', String(512 << 10), '-leak-goroutines', '3', '-mem-profile-rate', String(64 << 10)]);
const decoder = new Decoder();
try {
	const model = createModel();
	const target = parseTarget(demo.url, {header: [], timeoutMs: 5000, maxBytes: 64 << 20, insecure: false, pprofPath: undefined, varsPath: undefined});
	const session = startSession({target, intervalMs: 500, profileIntervalMs: 2000}, decoder, (event) => apply(model, event));
	await delay(60_000);
	await session.stop();
	const folder = await writeSnapshot(model, 'http://127.0.0.1:6060', out, Date.now());
	rmSync(`${out}/recording`, {recursive: true, force: true});
	renameSync(folder, `${out}/recording`);
	console.log(`recorded ${out}/recording: ${readdirSync(`${out}/recording`).join(', ')}`);
} finally {
	await decoder.close();
	await demo.stop();
}
