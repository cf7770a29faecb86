import {basename} from 'node:path';
import {LeakwatchError} from '../errors.js';
import {hotLoop} from '../jit-tuning.js';
import {inflate, isGzip} from './gzip.js';
import {profileFields} from './profile-schema.js';
import {Malformed, scanProfile, type WireProfile} from './profile-wire.js';
import {safeText} from './sanitize.js';

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

/** What every decoded form of a profile says about itself. */
export interface ProfileSummary {
	readonly sampleTypes: readonly ValueType[];
	readonly defaultSampleIndex: number;
}

/** Per leaf frame, the summed values: all a flat diff (pprof -top) and the live ranking need. */
export interface LeafTotals extends ProfileSummary {
	readonly sampleTypes: readonly ValueType[];
	readonly defaultSampleIndex: number;
	readonly leaves: ReadonlyArray<{readonly frame: Frame; readonly values: readonly number[]}>;
	/** Over every sample, including any without a stack. */
	readonly totals: readonly number[];
}

/** Bytes as served by /debug/pprof/* (gzipped) or written by `go tool pprof -proto` → Profile. */
export async function decodeProfile(bytes: Uint8Array, options: DecodeOptions): Promise<Profile> {
	return decodeProfileProto(await protoBytes(bytes, options), options.what);
}

/** Same input as decodeProfile, straight to per-leaf totals: the fast path of `leakwatch diff`. */
export async function decodeLeafTotals(bytes: Uint8Array, options: DecodeOptions): Promise<LeafTotals> {
	return decodeLeafTotalsProto(await protoBytes(bytes, options), options.what);
}

/** An uncompressed profile.proto message → per-leaf totals. Pure. */
export function decodeLeafTotalsProto(bytes: Uint8Array, what: string): LeafTotals {
	return decoding(what, () => scanProfile(bytes, profileFields(), 'totals', buildLeafTotals));
}

async function protoBytes(bytes: Uint8Array, options: DecodeOptions): Promise<Uint8Array> {
	if (isGzip(bytes)) return inflate(bytes, options.maxBytes, options.what);
	if (looksLikeText(bytes)) {
		throw new LeakwatchError('bad-content', `${options.what} is text, not a profile (${describeText(bytes)})`);
	}
	if (bytes.length > options.maxBytes) {
		throw new LeakwatchError('too-large', `${options.what} is larger than the ${Math.round(options.maxBytes / 2 ** 20)} MiB cap`);
	}
	return bytes;
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

/** Decode an uncompressed profile.proto message. Pure: bytes in, Profile out. */
export function decodeProfileProto(bytes: Uint8Array, what: string): Profile {
	return decoding(what, () => scanProfile(bytes, profileFields(), 'full', buildProfile));
}

/** Anything a decoder throws becomes one typed, one-line error. */
function decoding<T>(what: string, decode: () => T): T {
	try {
		return hotLoop(decode);
	} catch (error) {
		if (error instanceof LeakwatchError) throw error;
		const detail = error instanceof Malformed ? error.message : `malformed protobuf: ${(error as Error).message}`;
		throw new LeakwatchError('decode', `${what} is not a valid profile (${detail})`);
	}
}

interface Resolved {
	sampleTypes: ValueType[];
	defaultSampleIndex: number;
	frames: Frame[];
	/** Location l's frames (innermost inlined first) are locationFrames[locationStart[l] .. locationStart[l+1]). */
	locationFrames: number[];
	locationStart: number[];
	locations: LocationIndex;
	strings: SafeStrings;
}

/*
 * The helpers below are classes, not closures made per profile: V8 drops the
 * optimised code of a closure once every copy of it is garbage, so closures
 * made per profile would be recompiled again and again over a long session.
 */

/** The string table, made safe to print on first use. */
class SafeStrings {
	private readonly safe: Array<string | undefined>;

	constructor(private readonly strings: readonly string[]) {
		if (strings.length > 0 && strings[0] !== '') throw new Malformed('string table must start with ""');
		this.safe = new Array<string | undefined>(strings.length);
	}

	get(index: number): string {
		if (index === 0) return '';
		if (!(index > 0 && index < this.strings.length)) throw new Malformed(`string index ${index} out of range`);
		return (this.safe[index] ??= safeText(this.strings[index]!));
	}
}

/** Frames interned per profile, so that equal frames share one index. */
class FrameTable {
	readonly frames: Frame[] = [];
	private readonly index = new Map<string, number>();

	intern(name: string, file: string, line: number): number {
		const key = `${name}\u0000${file}\u0000${line}`;
		let index = this.index.get(key);
		if (index === undefined) {
			index = this.frames.length;
			this.frames.push({function: name, file, line});
			this.index.set(key, index);
		}
		return index;
	}
}

/** Location id → its index; a plain array when ids are dense (Go numbers them 1, 2, 3…). */
class LocationIndex {
	private readonly table: Int32Array | undefined;
	private readonly map: Map<number, number> | undefined;

	constructor(ids: readonly number[]) {
		let max = 0;
		for (const id of ids) max = Math.max(max, id);
		if (max <= ids.length * 4 + 1024) {
			this.table = new Int32Array(max + 1).fill(-1);
			for (let l = 0; l < ids.length; l++) this.table[ids[l]!] = l;
		} else {
			this.map = new Map<number, number>();
			for (let l = 0; l < ids.length; l++) this.map.set(ids[l]!, l);
		}
	}

	/** -1 for an id no location has. */
	of(id: number): number {
		if (this.table) return id >= 0 && id < this.table.length ? this.table[id]! : -1;
		return this.map!.get(id) ?? -1;
	}
}

/** String indices and ids → sample types, frames and locations, checking every reference. */
function resolve(wire: WireProfile): Resolved {
	const strings = new SafeStrings(wire.strings);
	const sampleTypes: ValueType[] = [];
	for (let i = 0; i < wire.sampleTypes.length; i += 2) sampleTypes.push({type: strings.get(wire.sampleTypes[i]!), unit: strings.get(wire.sampleTypes[i + 1]!)});
	const k = sampleTypes.length;
	if (wire.samples > 0 && wire.valuesPerSample !== k) throw new Malformed(`samples have ${wire.valuesPerSample} values for ${k} sample types`);

	const functions = new Map<number, {name: string; file: string}>();
	for (const [id, [name, filename]] of wire.functions) functions.set(id, {name: strings.get(name), file: strings.get(filename)});
	const mappings = new Map<number, string>();
	for (const [id, filename] of wire.mappings) mappings.set(id, strings.get(filename));

	const frames = new FrameTable();
	const locationFrames: number[] = [];
	const locationStart: number[] = [0];
	for (let l = 0; l < wire.locationIds.length; l++) {
		const first = wire.lineStart[l]!;
		const last = wire.lineStart[l + 1]!;
		for (let j = first; j < last; j++) {
			const functionId = wire.lines[j * 2]!;
			const fn = functionId ? functions.get(functionId) : undefined;
			if (functionId && !fn) throw new Malformed(`location ${wire.locationIds[l]} refers to missing function ${functionId}`);
			locationFrames.push(fn ? frames.intern(fn.name, fn.file, wire.lines[j * 2 + 1]!) : frames.intern(unknownName(mappings, wire.locationMappings[l]), '', 0));
		}
		// No symbol information: pprof names such frames after the binary, or <unknown>.
		if (first === last) locationFrames.push(frames.intern(unknownName(mappings, wire.locationMappings[l]), '', 0));
		locationStart.push(locationFrames.length);
	}

	const defaultType = wire.defaultSampleType ? strings.get(wire.defaultSampleType) : '';
	const defaultIndex = sampleTypes.findIndex((vt) => vt.type === defaultType);
	return {
		sampleTypes,
		defaultSampleIndex: defaultIndex >= 0 ? defaultIndex : Math.max(0, k - 1),
		frames: frames.frames,
		locationFrames,
		locationStart,
		locations: new LocationIndex(wire.locationIds),
		strings,
	};
}

function buildProfile(wire: WireProfile): Profile {
	const resolved = resolve(wire);
	const {locationFrames, locationStart, locations, strings} = resolved;
	const sampleCount = wire.idStart.length - 1;
	const stackStart = new Uint32Array(sampleCount + 1);
	const ids = wire.sampleIds.data;
	let stackLength = 0;
	for (let j = 0; j < wire.sampleIds.length; j++) {
		const l = locations.of(ids[j]!);
		if (l < 0) throw new Malformed(`sample refers to missing location ${ids[j]}`);
		stackLength += locationStart[l + 1]! - locationStart[l]!;
	}
	const stackFrames = new Uint32Array(stackLength);
	let cursor = 0;
	for (let i = 0; i < sampleCount; i++) {
		stackStart[i] = cursor;
		for (let j = wire.idStart[i]!; j < wire.idStart[i + 1]!; j++) {
			const l = locations.of(ids[j]!);
			const from = locationStart[l]!;
			const to = locationStart[l + 1]!;
			for (let f = from; f < to; f++) stackFrames[cursor++] = locationFrames[f]!;
		}
	}
	stackStart[sampleCount] = cursor;
	return {
		sampleTypes: resolved.sampleTypes,
		defaultSampleIndex: resolved.defaultSampleIndex,
		periodType: wire.periodType ? {type: strings.get(wire.periodType[0]), unit: strings.get(wire.periodType[1])} : undefined,
		period: wire.period,
		timeMs: wire.timeNanos ? wire.timeNanos / 1e6 : 0,
		durationNanos: wire.durationNanos,
		frames: resolved.frames,
		sampleCount,
		values: wire.sampleValues.take(),
		stackStart,
		stackFrames,
		comments: wire.comments.map((index) => strings.get(index)),
	};
}

function buildLeafTotals(wire: WireProfile): LeafTotals {
	const resolved = resolve(wire);
	const k = resolved.sampleTypes.length;
	const totals = new Array<number>(k).fill(0);
	const byFrame = new Map<number, number[]>();
	for (const [id, sums] of wire.leafTotals!) {
		for (let v = 0; v < k; v++) totals[v]! += sums[v]!;
		if (id === 0) continue; // samples without a stack count in the totals only
		const l = resolved.locations.of(id);
		if (l < 0) throw new Malformed(`sample refers to missing location ${id}`);
		const frame = resolved.locationFrames[resolved.locationStart[l]!]!;
		const into = byFrame.get(frame);
		if (into) for (let v = 0; v < k; v++) into[v]! += sums[v]!;
		else byFrame.set(frame, [...sums]);
	}
	const leaves: Array<LeafTotals['leaves'][number]> = [];
	for (const [frame, values] of byFrame) leaves.push({frame: resolved.frames[frame]!, values});
	return {sampleTypes: resolved.sampleTypes, defaultSampleIndex: resolved.defaultSampleIndex, leaves, totals};
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
