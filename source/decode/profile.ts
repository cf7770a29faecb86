/**
 * @module A pprof profile (bytes as served by /debug/pprof/* or written by
 * `go tool pprof -proto`) read into plain data. Two forms, one per purpose:
 * the full `Profile` (every stack), and per-leaf totals (what a flat diff and
 * pprof -top need). Heap sites and goroutine groups (heap-sites.ts,
 * goroutine-groups.ts) aggregate straight from the same sample stream.
 * Every string leaving here is safe to print.
 */
import {basename} from 'node:path';
import {LeakwatchError} from '../errors.js';
import type {Frame} from './go-names.js';
import {inflate, isGzip} from './gzip.js';
import {forEachSample, Malformed, scanTables, TooLarge, type WireTables} from './profile-wire.js';
import {safeText} from './sanitize.js';

export type {Frame} from './go-names.js';

export interface ValueType {
	readonly type: string;
	readonly unit: string;
}

/** What a profile says about itself. */
export interface ProfileHeader {
	readonly sampleTypes: readonly ValueType[];
	readonly defaultSampleIndex: number;
	readonly periodType: ValueType | undefined;
	/** Heap profiles: runtime.MemProfileRate, the mean bytes between two samples. */
	readonly period: number;
	/** Milliseconds since the epoch (approximate: the wire value exceeds 2^53 ns), 0 when unset. */
	readonly timeMs: number;
	readonly durationNanos: number;
	readonly comments: readonly string[];
}

/**
 * Every sample: sample i has values[i*k .. i*k+k) (k = sampleTypes.length) and
 * the stack stackFrames[stackStart[i] .. stackStart[i+1]), leaf first, inlined
 * calls expanded, each entry an index into frames.
 */
export interface Profile extends ProfileHeader {
	readonly frames: readonly Frame[];
	readonly sampleCount: number;
	readonly values: Float64Array;
	readonly stackStart: Uint32Array;
	readonly stackFrames: Uint32Array;
}

/** Per leaf frame, the summed values: all a flat diff (pprof -top) needs. */
export interface LeafTotals extends ProfileHeader {
	readonly leaves: ReadonlyArray<{readonly frame: Frame; readonly values: readonly number[]}>;
	/** Over every sample, including any without a stack. */
	readonly totals: readonly number[];
}

export interface DecodeOptions {
	/** Cap on the inflated size: a gzip bomb guard. */
	readonly maxBytes: number;
	/** Names the input in error messages ("heap profile from http://…", "base.pb.gz"). */
	readonly what: string;
}

/**
 * A profile's tables with names resolved on demand: frames of a location,
 * made safe to print once each.
 */
export class ResolvedProfile {
	readonly header: ProfileHeader;
	private readonly strings = new Map<number, string>();
	private readonly frameCache = new Map<number, Frame>();

	constructor(readonly tables: WireTables) {
		const sampleTypes: ValueType[] = [];
		for (let i = 0; i < tables.sampleTypes.length; i += 2) sampleTypes.push({type: this.string(tables.sampleTypes[i]!), unit: this.string(tables.sampleTypes[i + 1]!)});
		const defaultType = tables.defaultSampleType ? this.string(tables.defaultSampleType) : '';
		const defaultIndex = sampleTypes.findIndex((vt) => vt.type === defaultType);
		this.header = {
			sampleTypes,
			defaultSampleIndex: defaultIndex >= 0 ? defaultIndex : Math.max(0, sampleTypes.length - 1),
			periodType: tables.periodType ? {type: this.string(tables.periodType[0]), unit: this.string(tables.periodType[1])} : undefined,
			period: tables.period,
			timeMs: tables.timeNanos > 0 ? tables.timeNanos / 1e6 : 0,
			durationNanos: tables.durationNanos,
			comments: tables.comments.map((index) => this.string(index)),
		};
	}

	string(index: number): string {
		let text = this.strings.get(index);
		if (text === undefined) {
			text = safeText(this.tables.strings.text(index));
			this.strings.set(index, text);
		}
		return text;
	}

	/** Location l's frames, innermost inlined first (at least one: unsymbolised locations get a placeholder). */
	framesOf(location: number): Frame[] {
		const {lineStart} = this.tables;
		const from = lineStart.data[location]!;
		const to = lineStart.data[location + 1]!;
		if (from === to) return [this.unknownFrame(location)];
		const frames: Frame[] = [];
		for (let j = from; j < to; j++) frames.push(this.lineFrame(j, location));
		return frames;
	}

	/** The innermost frame of location l. */
	leafOf(location: number): Frame {
		const from = this.tables.lineStart.data[location]!;
		return from === this.tables.lineStart.data[location + 1]! ? this.unknownFrame(location) : this.lineFrame(from, location);
	}

	private lineFrame(j: number, location: number): Frame {
		let frame = this.frameCache.get(j);
		if (!frame) {
			const fn = this.tables.lineFunction[j]!;
			frame =
				fn < 0
					? this.unknownFrame(location)
					: {function: this.string(this.tables.functionName.data[fn]!), file: this.string(this.tables.functionFile.data[fn]!), line: this.tables.lineNumber[j]!};
			this.frameCache.set(j, frame);
		}
		return frame;
	}

	/** No symbol information: pprof names such frames after the binary, or <unknown>. */
	private unknownFrame(location: number): Frame {
		const mapping = this.tables.locationMapping[location]!;
		const file = mapping >= 0 ? this.string(this.tables.mappingFile.data[mapping]!) : '';
		return {function: file ? `[${basename(file)}]` : '<unknown>', file: '', line: 0};
	}
}

/** Bytes (gzipped or not) → the profile's tables, then every sample to `visit`. */
export async function readProfile<T>(bytes: Uint8Array, options: DecodeOptions, read: (profile: ResolvedProfile, samples: SampleStream) => T): Promise<T> {
	const proto = await protoBytes(bytes, options);
	return decoding(options.what, () => {
		const profile = new ResolvedProfile(scanTables(proto));
		return read(profile, (visit) => forEachSample(proto, profile.tables, visit));
	});
}

/** Streams the samples: location indices (leaf first, reused array) and values (reused). */
export type SampleStream = (visit: (locations: Int32Array, depth: number, values: Float64Array) => void) => void;

/** Every stack of every sample. */
export function decodeProfile(bytes: Uint8Array, options: DecodeOptions): Promise<Profile> {
	return readProfile(bytes, options, collectProfile);
}

export function collectProfile(profile: ResolvedProfile, samples: SampleStream): Profile {
	const k = profile.header.sampleTypes.length;
	const frames: Frame[] = [];
	const frameIndex = new Map<Frame, number>();
	const values: number[] = [];
	const stackStart: number[] = [0];
	const stackFrames: number[] = [];
	samples((locations, depth, sampleValues) => {
		for (let d = 0; d < depth; d++) {
			for (const frame of profile.framesOf(locations[d]!)) {
				let index = frameIndex.get(frame);
				if (index === undefined) {
					index = frames.length;
					frames.push(frame);
					frameIndex.set(frame, index);
				}
				stackFrames.push(index);
			}
		}
		stackStart.push(stackFrames.length);
		for (let v = 0; v < k; v++) values.push(sampleValues[v]!);
	});
	return {
		...profile.header,
		frames,
		sampleCount: stackStart.length - 1,
		values: Float64Array.from(values),
		stackStart: Uint32Array.from(stackStart),
		stackFrames: Uint32Array.from(stackFrames),
	};
}

/** Per leaf frame, summed: the fast path of `leakwatch diff` (no stack is walked). */
export function decodeLeafTotals(bytes: Uint8Array, options: DecodeOptions): Promise<LeafTotals> {
	return readProfile(bytes, options, (profile, samples) => {
		const k = profile.header.sampleTypes.length;
		const totals = new Array<number>(k).fill(0);
		const byLocation = new Map<number, number[]>();
		samples((locations, depth, values) => {
			for (let v = 0; v < k; v++) totals[v]! += values[v]!;
			if (depth === 0) return;
			let sums = byLocation.get(locations[0]!);
			if (!sums) byLocation.set(locations[0]!, (sums = new Array<number>(k).fill(0)));
			for (let v = 0; v < k; v++) sums[v]! += values[v]!;
		});
		// Locations with the same leaf frame (same function, file and line) are one leaf.
		const byFrame = new Map<string, {frame: Frame; values: number[]}>();
		for (const [location, sums] of byLocation) {
			const frame = profile.leafOf(location);
			const key = `${frame.function}\u0000${frame.file}\u0000${frame.line}`;
			const leaf = byFrame.get(key);
			if (leaf) for (let v = 0; v < k; v++) leaf.values[v]! += sums[v]!;
			else byFrame.set(key, {frame, values: sums});
		}
		return {...profile.header, leaves: [...byFrame.values()], totals};
	});
}

/** The frames of sample i, leaf first. */
export function stackOf(profile: Profile, sample: number): Frame[] {
	const result: Frame[] = [];
	for (let j = profile.stackStart[sample]!; j < profile.stackStart[sample + 1]!; j++) result.push(profile.frames[profile.stackFrames[j]!]!);
	return result;
}

/** The inflated message: gunzip with a cap, or the bytes as they are when they already look like a message. */
async function protoBytes(bytes: Uint8Array, options: DecodeOptions): Promise<Buffer> {
	const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (isGzip(buffer)) return inflate(buffer, options.maxBytes, options.what);
	if (buffer.length === 0) throw new LeakwatchError('decode', `${options.what} is empty`);
	// Uncompressed profile.proto starts with a field tag; text and HTML do not.
	const head = buffer.subarray(0, 64).toString('latin1');
	if (/^\s*</.test(head) || /^[a-zA-Z ]/.test(head)) throw new LeakwatchError('bad-content', `${options.what} is text, not a profile (${describeText(buffer)}); is something else mounted at that path?`);
	return buffer;
}

function describeText(bytes: Uint8Array): string {
	const head = Buffer.from(bytes.subarray(0, 200)).toString('utf8').trimStart();
	if (/^<(!doctype|html|head|body)/i.test(head)) return 'got HTML';
	if (/^goroutine profile: total/.test(head)) return 'got debug=1 text';
	if (/^heap profile:/.test(head)) return 'got the legacy text format';
	return `starts with "${safeText(head.split('\n')[0]!.slice(0, 40))}"`;
}

/** Anything a decoder throws becomes one typed, one-line error. */
function decoding<T>(what: string, decode: () => T): T {
	try {
		return decode();
	} catch (error) {
		if (error instanceof LeakwatchError) throw error;
		if (error instanceof TooLarge) throw new LeakwatchError('too-large', `${what} is too large: ${error.message}`);
		if (error instanceof RangeError && /allocation|Array buffer|Invalid typed array length/i.test(error.message)) {
			throw new LeakwatchError('too-large', `${what} is too large to decode within leakwatch's memory budget`);
		}
		const detail = error instanceof Malformed ? error.message : `malformed protobuf: ${(error as Error).message}`;
		throw new LeakwatchError('decode', `${what} is not a valid profile (${safeText(detail, 200)})`);
	}
}
