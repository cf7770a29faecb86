/**
 * @module The recorded demo run (test/fixtures/demo-run: eight polls of a real
 * leakydemo, 2 s apart) as model events, decoded in-process by the same pure
 * functions the decode thread runs.
 */
import {readFileSync} from 'node:fs';
import {decodeVars} from '../../source/decode/expvar.js';
import {summarizeGoroutines} from '../../source/decode/goroutine-groups.js';
import {summarizeHeap} from '../../source/decode/heap-sites.js';
import {decodeIndex} from '../../source/decode/pprof-index.js';
import {apply, createModel, type Model, type ModelEvent} from '../../source/model/model.js';

/** The run recorded from the demo built with Go 1.26; test/fixtures/demo-run-go1.19 from Go 1.19. */
export const RECORDED_RUN = 'test/fixtures/demo-run';
export const FIXTURE_POINTS = 8;
export const FIXTURE_START = 1_800_000_000_000;

export async function profileEvent(kind: 'heap' | 'goroutine', time: number, raw: Buffer): Promise<ModelEvent> {
	const options = {maxBytes: 2 ** 26, what: `${kind} profile`};
	return kind === 'heap' ? {type: 'heap', time, raw, summary: await summarizeHeap(raw, options)} : {type: 'goroutine', time, raw, summary: await summarizeGoroutines(raw, options)};
}

/** The recorded demo run as model events, 2 s apart (as recorded). */
export async function recordedEvents(start = FIXTURE_START, dir = RECORDED_RUN): Promise<ModelEvent[]> {
	const events: ModelEvent[] = [];
	for (let i = 0; i < FIXTURE_POINTS; i++) {
		const n = String(i).padStart(2, '0');
		const time = start + i * 2000;
		const varsRaw = readFileSync(`${dir}/vars-${n}.json`, 'utf8');
		events.push({type: 'tick', time, vars: decodeVars(varsRaw, 'vars'), varsRaw, index: decodeIndex(readFileSync(`${dir}/index-${n}.html`, 'utf8'), 'index')});
		for (const kind of ['heap', 'goroutine'] as const) events.push(await profileEvent(kind, time + 10, readFileSync(`${dir}/${kind}-${n}.pb.gz`)));
	}
	return events;
}

/** A model fed the first `upTo` recorded events. */
export async function recordedModel(upTo?: number, customNames: readonly string[] = []): Promise<{model: Model; events: ModelEvent[]; rest: ModelEvent[]}> {
	const events = await recordedEvents();
	const model = createModel(customNames);
	const cut = upTo ?? events.length;
	for (const event of events.slice(0, cut)) apply(model, event);
	return {model, events, rest: events.slice(cut)};
}
