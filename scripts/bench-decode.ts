// Part of `npm run bench`: decode alone against decode + rank, in process, warm.
// Prints JSON: milliseconds, best of several runs.
import {readFileSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';
import protobuf from 'protobufjs';
import {decodeLeafTotalsProto, decodeProfileProto} from '../source/decode/profile.js';
import {rankTracked} from '../source/model/ranking.js';
import {heapSites, type SiteInfo} from '../source/model/sites.js';
import {Tracker} from '../source/model/tracker.js';
import {HEAP_RULE} from '../source/model/trend.js';

const [baseFile, currentFile] = process.argv.slice(2) as [string, string];
const base = readFileSync(baseFile);
const current = readFileSync(currentFile);

const leafTotals = (bytes: Uint8Array) => decodeLeafTotalsProto(bytes, 'profile');

function best(runs: number, fn: () => void): number {
	let result = Number.POSITIVE_INFINITY;
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		fn();
		result = Math.min(result, performance.now() - started);
	}
	return result;
}

const baseTotals = leafTotals(gunzipSync(base));
const index = baseTotals.sampleTypes.findIndex((vt) => vt.type === 'inuse_space');

// The full decode (every frame of every stack): what drill-down and goroutine profiles use.
const decode = best(10, () => decodeProfileProto(gunzipSync(current), 'current'));
// Per-leaf totals: what each heap poll and `leakwatch diff` decode.
const totals = best(10, () => leafTotals(gunzipSync(current)));
// A heap poll in the dashboard: decode to totals, then sites, tracker and ranking.
const rank = best(10, () => {
	const tracker = new Tracker<SiteInfo>({window: 60, valueCount: baseTotals.sampleTypes.length});
	tracker.ingest(0, heapSites(baseTotals));
	tracker.ingest(5000, heapSites(leafTotals(gunzipSync(current))));
	rankTracked(tracker, {valueIndex: index, order: 'growth', rule: HEAP_RULE});
});

protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();
const type = protobuf.parse(readFileSync('source/decode/profile.proto', 'utf8')).root.lookupType('perftools.profiles.Profile');
const protobufjsDecode = best(5, () => type.decode(gunzipSync(current)));

console.log(JSON.stringify({decode, totals, rank, protobufjsDecode}));
