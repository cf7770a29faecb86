// Part of `npm run bench`: decode alone against decode + rank, in process, warm.
// Prints JSON: milliseconds, best of several runs.
import {readFileSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';
import protobuf from 'protobufjs';
import {decodeProfileProto} from '../source/decode/profile.js';
import {rankTracked} from '../source/model/ranking.js';
import {heapSites, type SiteInfo} from '../source/model/sites.js';
import {Tracker} from '../source/model/tracker.js';
import {HEAP_RULE} from '../source/model/trend.js';

const [baseFile, currentFile] = process.argv.slice(2) as [string, string];
const base = readFileSync(baseFile);
const current = readFileSync(currentFile);

function best(runs: number, fn: () => void): number {
	let result = Number.POSITIVE_INFINITY;
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		fn();
		result = Math.min(result, performance.now() - started);
	}
	return result;
}

const baseProfile = decodeProfileProto(gunzipSync(base), 'base');
const index = baseProfile.sampleTypes.findIndex((vt) => vt.type === 'inuse_space');

const decode = best(10, () => decodeProfileProto(gunzipSync(current), 'current'));
const leaf = best(10, () => decodeProfileProto(gunzipSync(current), 'current', 'leaf'));
const rank = best(10, () => {
	const tracker = new Tracker<SiteInfo>({window: 60, valueCount: baseProfile.sampleTypes.length});
	tracker.ingest(0, heapSites(baseProfile));
	const profile = decodeProfileProto(gunzipSync(current), 'current');
	tracker.ingest(5000, heapSites(profile));
	rankTracked(tracker, {valueIndex: index, order: 'growth', rule: HEAP_RULE});
}) - best(5, () => {
	// The base profile's own share (ingested before the poll being measured).
	const tracker = new Tracker<SiteInfo>({window: 60, valueCount: baseProfile.sampleTypes.length});
	tracker.ingest(0, heapSites(baseProfile));
});

protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();
const type = protobuf.parse(readFileSync('source/decode/profile.proto', 'utf8')).root.lookupType('perftools.profiles.Profile');
const protobufjsDecode = best(5, () => type.decode(gunzipSync(current)));

console.log(JSON.stringify({decode, leaf, rank, protobufjsDecode}));
