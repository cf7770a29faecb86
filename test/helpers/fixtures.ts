import {readFileSync} from 'node:fs';
import {decodeVars} from '../../source/decode/expvar.js';
import {decodeIndex} from '../../source/decode/pprof-index.js';
import {profileEvent} from '../../source/poll/profile-events.js';
import type {ModelEvent} from '../../source/model/state.js';

const dir = 'test/fixtures/demo-run';
export const FIXTURE_POINTS = 8;

/** The recorded demo run as model events, 2 s apart (as recorded). */
export async function recordedEvents(start = 1_800_000_000_000): Promise<ModelEvent[]> {
	const events: ModelEvent[] = [];
	for (let i = 0; i < FIXTURE_POINTS; i++) {
		const n = String(i).padStart(2, '0');
		const time = start + i * 2000;
		const varsRaw = readFileSync(`${dir}/vars-${n}.json`, 'utf8');
		events.push({type: 'tick', time, vars: decodeVars(varsRaw, 'vars'), varsRaw, index: decodeIndex(readFileSync(`${dir}/index-${n}.html`, 'utf8'), 'index')});
		for (const kind of ['heap', 'goroutine'] as const) {
			events.push(await profileEvent(kind, time + 10, readFileSync(`${dir}/${kind}-${n}.pb.gz`), {maxBytes: 2 ** 26, what: kind}));
		}
	}
	return events;
}
