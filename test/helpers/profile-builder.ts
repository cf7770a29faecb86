import {readFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import protobuf from 'protobufjs';

/**
 * Builds profile.proto bytes by hand, for tests that need exact contents:
 * hostile names, inlined frames, odd encodings. Uses the full protobufjs with
 * the project's own profile.proto.
 */
export interface HandFrame {
	function: string;
	file?: string;
	line?: number;
}

export interface HandSample {
	/** Leaf first; each entry is one location, or several frames for an inlined location (innermost first). */
	stack: Array<HandFrame | HandFrame[]>;
	values: number[];
}

export interface HandProfile {
	sampleTypes: Array<[type: string, unit: string]>;
	samples: HandSample[];
	defaultSampleType?: string;
}

const root = protobuf.parse(readFileSync('source/decode/profile.proto', 'utf8'), {keepCase: true}).root;
const ProfileType = root.lookupType('perftools.profiles.Profile');

export function encodeProfile(profile: HandProfile, options: {gzip?: boolean} = {}): Buffer {
	const strings = [''];
	const index = (text: string) => {
		let i = strings.indexOf(text);
		if (i < 0) {
			i = strings.length;
			strings.push(text);
		}
		return i;
	};
	const functions: Array<{id: number; name: number; filename: number}> = [];
	const functionIds = new Map<string, number>();
	const functionId = (frame: HandFrame) => {
		const key = `${frame.function}\u0000${frame.file ?? ''}`;
		let id = functionIds.get(key);
		if (id === undefined) {
			id = functions.length + 1;
			functions.push({id, name: index(frame.function), filename: index(frame.file ?? '')});
			functionIds.set(key, id);
		}
		return id;
	};
	const locations: Array<{id: number; line: Array<{function_id: number; line: number}>}> = [];
	const samples = profile.samples.map((sample) => ({
		location_id: sample.stack.map((entry) => {
			const frames = Array.isArray(entry) ? entry : [entry];
			const id = locations.length + 1;
			locations.push({id, line: frames.map((frame) => ({function_id: functionId(frame), line: frame.line ?? 0}))});
			return id;
		}),
		value: sample.values,
	}));
	const message = ProfileType.fromObject({
		sample_type: profile.sampleTypes.map(([type, unit]) => ({type: index(type), unit: index(unit)})),
		sample: samples,
		location: locations,
		function: functions,
		default_sample_type: profile.defaultSampleType ? index(profile.defaultSampleType) : 0,
		string_table: strings,
	});
	const bytes = Buffer.from(ProfileType.encode(message).finish());
	return options.gzip === false ? bytes : gzipSync(bytes);
}

export const HEAP_TYPES: Array<[string, string]> = [
	['alloc_objects', 'count'],
	['alloc_space', 'bytes'],
	['inuse_objects', 'count'],
	['inuse_space', 'bytes'],
];

/**
 * A valid heap profile with `count` distinct functions, each the leaf of its
 * own sample (code generation, closures, per-tenant names): written field by
 * field, as the runtime does, since it is too big to build as objects.
 */
export function manyFunctionsProfile(count: number, options: {seed?: number; nameLength?: number} = {}): Buffer {
	const writer = protobuf.Writer.create();
	const seed = options.seed ?? 0;
	const pad = 'x'.repeat(Math.max(0, (options.nameLength ?? 24) - 16));
	// sample_type (field 1): alloc_objects count, alloc_space bytes, inuse_objects count, inuse_space bytes: strings 1..6.
	for (const [type, unit] of [
		[1, 2],
		[3, 4],
		[5, 2],
		[6, 4],
	]) writer.uint32((1 << 3) | 2).fork().uint32(8).int64(type!).uint32(16).int64(unit!).ldelim();
	for (let i = 0; i < count; i++) {
		const id = i + 1;
		// sample (2): location_id packed [id], values packed.
		writer.uint32((2 << 3) | 2).fork();
		writer.uint32((1 << 3) | 2).fork().uint64(id).ldelim();
		writer.uint32((2 << 3) | 2).fork().int64(3).int64(3 * 64).int64(2).int64(2 * 64).ldelim();
		writer.ldelim();
		// location (4): id, line {function_id: id, line}.
		writer.uint32((4 << 3) | 2).fork().uint32(8).uint64(id).uint32((4 << 3) | 2).fork().uint32(8).uint64(id).uint32(16).int64(10 + (i % 100)).ldelim().ldelim();
		// function (5): id, name = string 7 + i, filename = string 7 + count.
		writer.uint32((5 << 3) | 2).fork().uint32(8).uint64(id).uint32(16).int64(7 + i).uint32(32).int64(7 + count).ldelim();
	}
	for (const text of ['', 'alloc_objects', 'count', 'alloc_space', 'bytes', 'inuse_objects', 'inuse_space']) writer.uint32((6 << 3) | 2).string(text);
	for (let i = 0; i < count; i++) writer.uint32((6 << 3) | 2).string(`gen.f${seed}_${i}${pad}`);
	writer.uint32((6 << 3) | 2).string('gen/generated.go');
	// period_type (11) space bytes, period (12) 512 KiB.
	writer.uint32((11 << 3) | 2).fork().uint32(8).int64(3).uint32(16).int64(4).ldelim();
	writer.uint32(12 << 3).int64(524288);
	return gzipSync(Buffer.from(writer.finish()));
}
