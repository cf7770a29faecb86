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
