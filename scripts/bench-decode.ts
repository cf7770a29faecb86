// Part of `npm run bench`: decoding against decoding and ranking, in process,
// warm. Prints JSON: milliseconds, best of several runs.
import {readFileSync} from 'node:fs';
import protobuf from 'protobufjs';
import {gunzipSync} from 'node:zlib';
import {summarizeHeap} from '../source/decode/heap-sites.js';
import {decodeLeafTotals, decodeProfile} from '../source/decode/profile.js';
import {apply, createModel} from '../source/model/model.js';
import {best} from './best.js';

const [baseFile, currentFile] = process.argv.slice(2) as [string, string];
const base = readFileSync(baseFile);
const current = readFileSync(currentFile);
const options = {maxBytes: 2 ** 30, what: 'profile'};


// The full decode (every frame of every stack): `diff` of goroutine profiles, tests.
const decode = await best(10, () => decodeProfile(current, options));
// Per-leaf totals: what `leakwatch diff` of heap profiles decodes.
const totals = await best(10, () => decodeLeafTotals(current, options));
// The heap summary the decode thread makes of each polled profile (sites by leaf and caller).
const summary = await best(10, () => summarizeHeap(current, options));
// A heap poll in the dashboard: the summary, then the model (tracker, verdicts, ranking).
const baseSummary = await summarizeHeap(base, options);
const rank = await best(10, async () => {
	const model = createModel();
	for (let i = 0; i < 6; i++) apply(model, {type: 'heap', time: i * 5000, raw: base, summary: baseSummary});
	apply(model, {type: 'heap', time: 30_000, raw: current, summary: await summarizeHeap(current, options)});
});

(protobuf.util as {Long: unknown}).Long = undefined;
protobuf.configure();
const type = protobuf.parse(readFileSync('source/decode/profile.proto', 'utf8')).root.lookupType('perftools.profiles.Profile');
const protobufjsDecode = await best(5, () => type.decode(gunzipSync(current)));

console.log(JSON.stringify({decode, totals, summary, rank, protobufjsDecode}));
