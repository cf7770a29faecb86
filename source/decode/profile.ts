import {readFileSync} from 'node:fs';
import {basename} from 'node:path';
import protobuf from 'protobufjs';
import {LeakwatchError} from '../errors.js';
import {inflate, isGzip} from './gzip.js';
import {safeText} from './sanitize.js';

// 64-bit fields as plain numbers: byte and object counts fit easily in 2^53,
// and Long objects make decoding much slower. We never key on addresses.
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

const PROTO_FILE = new URL('profile.proto', import.meta.url);
let profileType: protobuf.Type | undefined;

function getProfileType(): protobuf.Type {
	profileType ??= protobuf.parse(readFileSync(PROTO_FILE, 'utf8')).root.lookupType('perftools.profiles.Profile');
	return profileType;
}

export interface ValueType {
	readonly type: string;
	readonly unit: string;
}

/** A frame as people read it; the key across profiles of one process (ids are not stable). */
export interface Frame {
	readonly function: string;
	readonly file: string;
	readonly line: number;
}

/**
 * A decoded profile in columns: sample i has values[i*k .. i*k+k) (k = sampleTypes.length)
 * and the stack stackFrames[stackStart[i] .. stackStart[i+1]), leaf first, inlined calls
 * expanded, each entry an index into frames. Every string is already safe to print.
 */
export interface Profile {
	readonly sampleTypes: readonly ValueType[];
	readonly defaultSampleIndex: number;
	readonly periodType: ValueType | undefined;
	readonly period: number;
	/** Milliseconds since the epoch (approximate: the wire value exceeds 2^53 ns), 0 when unset. */
	readonly timeMs: number;
	readonly durationNanos: number;
	readonly frames: readonly Frame[];
	readonly sampleCount: number;
	readonly values: Float64Array;
	readonly stackStart: Uint32Array;
	readonly stackFrames: Uint32Array;
	readonly comments: readonly string[];
}

export interface DecodeOptions {
	/** Cap on the inflated size: a gzip bomb guard. */
	maxBytes: number;
	/** Names the input in error messages ("heap profile from http://…", "base.pb.gz"). */
	what: string;
}

/** Bytes as served by /debug/pprof/* (gzipped) or written by `go tool pprof -proto` → Profile. */
export async function decodeProfile(bytes: Uint8Array, options: DecodeOptions): Promise<Profile> {
	if (isGzip(bytes)) return decodeProfileProto(await inflate(bytes, options.maxBytes, options.what), options.what);
	if (looksLikeText(bytes)) {
		throw new LeakwatchError('bad-content', `${options.what} is text, not a profile (${describeText(bytes)})`);
	}
	if (bytes.length > options.maxBytes) {
		throw new LeakwatchError('too-large', `${options.what} is larger than the ${Math.round(options.maxBytes / 2 ** 20)} MiB cap`);
	}
	return decodeProfileProto(bytes, options.what);
}

function looksLikeText(bytes: Uint8Array): boolean {
	// A profile message starts with a field tag byte; an HTML page, JSON or the debug=1
	// text starts with printable characters. 64 printable bytes in a row is text.
	if (bytes.length === 0 || bytes[0] === 0x3c || bytes[0] === 0x7b) return true;
	const head = bytes.subarray(0, 64);
	return head.every((byte) => (byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x0d || byte === 0x09);
}

function describeText(bytes: Uint8Array): string {
	if (bytes.length === 0) return 'empty';
	const head = Buffer.from(bytes.subarray(0, 200)).toString('utf8').trimStart();
	if (/^<!doctype html|^<html|^<head|^<body/i.test(head)) return 'got HTML';
	if (head.startsWith('{')) return 'got JSON';
	if (/^goroutine profile: total/.test(head)) return 'got debug=1 text';
	if (/^heap profile:/.test(head)) return 'got the legacy text format';
	return `starts with "${safeText(head.split('\n')[0]!.slice(0, 40))}"`;
}

interface RawValueType {
	type?: number;
	unit?: number;
}
interface RawProfile {
	sampleType?: RawValueType[];
	sample?: Array<{locationId?: number[]; value?: number[]}>;
	mapping?: Array<{id?: number; filename?: number}>;
	location?: Array<{id?: number; mappingId?: number; line?: Array<{functionId?: number; line?: number}>}>;
	function?: Array<{id?: number; name?: number; filename?: number}>;
	stringTable?: string[];
	timeNanos?: number;
	durationNanos?: number;
	periodType?: RawValueType;
	period?: number;
	comment?: number[];
	defaultSampleType?: number;
}

/** Decode an uncompressed profile.proto message. Pure: bytes in, Profile out. */
export function decodeProfileProto(bytes: Uint8Array, what: string): Profile {
	let raw: RawProfile;
	try {
		raw = getProfileType().decode(bytes) as unknown as RawProfile;
	} catch (error) {
		throw new LeakwatchError('decode', `${what} is not a valid profile (malformed protobuf: ${(error as Error).message})`);
	}
	return buildProfile(raw, what);
}

function buildProfile(raw: RawProfile, what: string): Profile {
	const strings = raw.stringTable ?? [];
	const malformed = (detail: string) => new LeakwatchError('decode', `${what} is not a valid profile (${detail})`);
	const str = (index: number | undefined): string => {
		if (!index) return '';
		const value = strings[index];
		if (value === undefined || index < 0) throw malformed(`string index ${index} out of range`);
		return value;
	};
	if (strings.length > 0 && strings[0] !== '') throw malformed('string table must start with ""');

	const safeStrings = new Map<number, string>();
	const safeStr = (index: number | undefined): string => {
		const key = index ?? 0;
		let value = safeStrings.get(key);
		if (value === undefined) {
			value = safeText(str(index));
			safeStrings.set(key, value);
		}
		return value;
	};

	const sampleTypes = (raw.sampleType ?? []).map((vt) => ({type: safeStr(vt.type), unit: safeStr(vt.unit)}));
	const valueCount = sampleTypes.length;

	const functions = new Map<number, {name: string; file: string}>();
	for (const fn of raw.function ?? []) {
		if (!fn.id) throw malformed('function without id');
		functions.set(fn.id, {name: safeStr(fn.name), file: safeStr(fn.filename)});
	}
	const mappings = new Map<number, string>();
	for (const mapping of raw.mapping ?? []) {
		if (mapping.id) mappings.set(mapping.id, safeStr(mapping.filename));
	}

	// Frames are interned per profile so that equal frames share one index.
	const frames: Frame[] = [];
	const frameIndex = new Map<string, number>();
	const intern = (name: string, file: string, line: number): number => {
		const key = `${name}\u0000${file}\u0000${line}`;
		let index = frameIndex.get(key);
		if (index === undefined) {
			index = frames.length;
			frames.push({function: name, file, line});
			frameIndex.set(key, index);
		}
		return index;
	};

	const locations = new Map<number, number[]>();
	for (const location of raw.location ?? []) {
		if (!location.id) throw malformed('location without id');
		const lines = location.line ?? [];
		const indices: number[] = [];
		for (const line of lines) {
			const fn = line.functionId ? functions.get(line.functionId) : undefined;
			if (line.functionId && !fn) throw malformed(`location ${location.id} refers to missing function ${line.functionId}`);
			indices.push(fn ? intern(fn.name, fn.file, Number(line.line ?? 0)) : intern(unknownName(mappings, location.mappingId), '', 0));
		}
		// No symbol information: pprof names such frames after the binary, or <unknown>.
		if (indices.length === 0) indices.push(intern(unknownName(mappings, location.mappingId), '', 0));
		locations.set(location.id, indices);
	}

	const samples = raw.sample ?? [];
	const values = new Float64Array(samples.length * valueCount);
	const stackStart = new Uint32Array(samples.length + 1);
	let stackLength = 0;
	for (const sample of samples) {
		for (const id of sample.locationId ?? []) {
			const location = locations.get(id);
			if (!location) throw malformed(`sample refers to missing location ${id}`);
			stackLength += location.length;
		}
	}
	const stackFrames = new Uint32Array(stackLength);
	let cursor = 0;
	for (let i = 0; i < samples.length; i++) {
		const sample = samples[i]!;
		const sampleValues = sample.value ?? [];
		if (sampleValues.length !== valueCount) {
			throw malformed(`sample has ${sampleValues.length} values for ${valueCount} sample types`);
		}
		for (let v = 0; v < valueCount; v++) values[i * valueCount + v] = sampleValues[v]!;
		stackStart[i] = cursor;
		for (const id of sample.locationId ?? []) {
			for (const frame of locations.get(id)!) stackFrames[cursor++] = frame;
		}
	}
	stackStart[samples.length] = cursor;

	const defaultType = raw.defaultSampleType ? safeStr(raw.defaultSampleType) : '';
	const defaultIndex = sampleTypes.findIndex((vt) => vt.type === defaultType);

	return {
		sampleTypes,
		defaultSampleIndex: defaultIndex >= 0 ? defaultIndex : Math.max(0, valueCount - 1),
		periodType: raw.periodType ? {type: safeStr(raw.periodType.type), unit: safeStr(raw.periodType.unit)} : undefined,
		period: Number(raw.period ?? 0),
		timeMs: raw.timeNanos ? Number(raw.timeNanos) / 1e6 : 0,
		durationNanos: Number(raw.durationNanos ?? 0),
		frames,
		sampleCount: samples.length,
		values,
		stackStart,
		stackFrames,
		comments: (raw.comment ?? []).map((index) => safeStr(index)),
	};
}

function unknownName(mappings: Map<number, string>, mappingId: number | undefined): string {
	const file = mappingId ? mappings.get(mappingId) : undefined;
	return file ? `[${basename(file)}]` : '<unknown>';
}

/** The frames of sample i, leaf first. */
export function stackOf(profile: Profile, sample: number): Frame[] {
	const result: Frame[] = [];
	for (let j = profile.stackStart[sample]!; j < profile.stackStart[sample + 1]!; j++) {
		result.push(profile.frames[profile.stackFrames[j]!]!);
	}
	return result;
}

/** Index of a sample type by name ("inuse_space"), or -1. */
export function sampleTypeIndex(profile: Profile, type: string): number {
	return profile.sampleTypes.findIndex((vt) => vt.type === type);
}
