/**
 * @module profile.proto on the wire, read in two passes with protobufjs's
 * Reader. Go writes the samples first and the string table last, so the
 * first pass reads the tables (sample types, locations, functions, mappings,
 * strings) and skips samples; the second streams each sample, already
 * resolved to location indices, to a visitor that aggregates it. Nothing is
 * kept per sample, so memory follows the tables and what the visitor keeps,
 * and strings are decoded only when a frame that uses them is asked for.
 *
 * Every count the profile implies is bounded (PROFILE_LIMITS) and every
 * reference is checked: a broken or hostile profile is a `Malformed` error,
 * never a huge allocation or a loop sized by a number it sent.
 */
import protobuf from 'protobufjs/minimal.js';

// 64-bit fields as plain numbers: byte and object counts fit easily in 2^53,
// and Long objects make decoding much slower. Addresses are never used as keys.
(protobuf.util as {Long: unknown}).Long = undefined;
protobuf.configure();

export class Malformed extends Error {}

/** Field numbers of perftools.profiles (test/decode-profile.test.ts checks them against profile.proto). */
export const FIELDS = {
	profile: {sampleType: 1, sample: 2, mapping: 3, location: 4, function: 5, stringTable: 6, timeNanos: 9, durationNanos: 10, periodType: 11, period: 12, comment: 13, defaultSampleType: 14},
	valueType: {type: 1, unit: 2},
	sample: {locationId: 1, value: 2},
	mapping: {id: 1, filename: 5},
	location: {id: 1, mappingId: 2, line: 4},
	line: {functionId: 1, line: 2},
	function: {id: 1, name: 2, filename: 4},
} as const;

/** Far above any real Go profile (Go keeps at most 128 frames; big services have ~10^5 buckets). */
export const PROFILE_LIMITS = {
	strings: 4_000_000,
	functions: 2_000_000,
	locations: 4_000_000,
	lines: 8_000_000,
	samples: 4_000_000,
	stackDepth: 1024,
	sampleTypes: 16,
} as const;

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;

/** A growable column of unsigned 32-bit numbers. */
export class U32 {
	data = new Uint32Array(64);
	length = 0;

	push(value: number): void {
		if (this.length === this.data.length) {
			const grown = new Uint32Array(this.data.length * 2);
			grown.set(this.data);
			this.data = grown;
		}
		this.data[this.length++] = value;
	}
}

/** Ids (Go numbers them 1, 2, 3…) → dense indices; a Map only for sparse, unusual ids. */
export class IdIndex {
	private dense = new Int32Array(0);
	private sparse: Map<number, number> | undefined;
	size = 0;

	add(id: number, what: string): number {
		if (!Number.isSafeInteger(id) || id <= 0) throw new Malformed(`${what} has id ${id}`);
		const index = this.size++;
		if (id <= 4 * this.size + 1024) {
			if (id >= this.dense.length) {
				const grown = new Int32Array(Math.max(id + 1, this.dense.length * 2)).fill(-1);
				grown.set(this.dense);
				this.dense = grown;
			}
			if (this.dense[id] !== -1) throw new Malformed(`two ${what}s have id ${id}`);
			this.dense[id] = index;
		} else {
			this.sparse ??= new Map();
			if (this.sparse.has(id)) throw new Malformed(`two ${what}s have id ${id}`);
			this.sparse.set(id, index);
		}
		return index;
	}

	/** -1 for an id nothing has. */
	of(id: number): number {
		if (id > 0 && id < this.dense.length && this.dense[id] !== -1) return this.dense[id]!;
		return this.sparse?.get(id) ?? -1;
	}
}

/** The string table as offsets into the message: a string is decoded when first asked for. */
export class StringTable {
	private readonly starts = new U32();
	private readonly ends = new U32();

	constructor(private readonly bytes: Buffer) {}

	get size(): number {
		return this.starts.length;
	}

	add(start: number, end: number): void {
		if (this.starts.length >= PROFILE_LIMITS.strings) throw new Malformed(`more than ${PROFILE_LIMITS.strings} strings`);
		this.starts.push(start);
		this.ends.push(end);
	}

	/** Raw text of string i ("" for 0); throws when i is out of range. */
	text(index: number): string {
		if (index === 0) return '';
		if (!(index > 0 && index < this.starts.length)) throw new Malformed(`string index ${index} out of range`);
		return this.bytes.toString('utf8', this.starts.data[index], this.ends.data[index]);
	}

	check(index: number): void {
		if (index !== 0 && !(index > 0 && index < this.starts.length)) throw new Malformed(`string index ${index} out of range`);
	}
}

/** What the first pass reads: everything but the samples. */
export interface WireTables {
	readonly sampleTypes: number[];
	periodType: [number, number] | undefined;
	period: number;
	timeNanos: number;
	durationNanos: number;
	defaultSampleType: number;
	readonly comments: number[];
	readonly strings: StringTable;
	readonly functionIds: IdIndex;
	/** Function i's name and file as string indices. */
	readonly functionName: U32;
	readonly functionFile: U32;
	readonly mappingIds: IdIndex;
	readonly mappingFile: U32;
	readonly locationIds: IdIndex;
	/** Location l's lines are lineStart[l] .. lineStart[l+1]: (function index or -1, line number), innermost first. */
	readonly lineStart: U32;
	readonly lineFunction: Int32Array;
	readonly lineNumber: Float64Array;
	/** The mapping index of location l, or -1. */
	readonly locationMapping: Int32Array;
	samples: number;
}

/**
 * What one decode may hold: samples, locations and functions together. A real
 * service's heap profile has some 10^4 to 10^5 of each; past this the decode
 * would outgrow the decoding thread's heap (decoder.ts), so the first pass
 * refuses the profile as soon as it counts more, before the samples are read.
 */
export const DECODE_BUDGET_ENTRIES = 600_000;

export class TooLarge extends Error {}

/** Reads the tables of a profile.proto message and counts its samples (pass 1). */
export function scanTables(bytes: Buffer): WireTables {
	const r = protobuf.Reader.create(bytes);
	const strings = new StringTable(bytes);
	const tables: WireTables = {
		sampleTypes: [],
		periodType: undefined,
		period: 0,
		timeNanos: 0,
		durationNanos: 0,
		defaultSampleType: 0,
		comments: [],
		strings,
		functionIds: new IdIndex(),
		functionName: new U32(),
		functionFile: new U32(),
		mappingIds: new IdIndex(),
		mappingFile: new U32(),
		locationIds: new IdIndex(),
		lineStart: new U32(),
		lineFunction: new Int32Array(0),
		lineNumber: new Float64Array(0),
		locationMapping: new Int32Array(0),
		samples: 0,
	};
	// Function ids of each line, resolved to indices once every function is read.
	const lineFunctionIds: number[] = [];
	const lineNumbers: number[] = [];
	const locationMappingIds: number[] = [];
	tables.lineStart.push(0);
	const P = FIELDS.profile;
	let entries = 0;
	while (r.pos < r.len) {
		const tag = r.uint32();
		const field = tag >>> 3;
		const type = tag & 7;
		if ((field === P.sample || field === P.location || field === P.function) && ++entries > DECODE_BUDGET_ENTRIES) {
			throw new TooLarge(`it holds more than ${DECODE_BUDGET_ENTRIES.toLocaleString('en')} samples, locations and functions, the most leakwatch decodes within its memory budget`);
		}
		switch (field) {
			case 0:
				throw new Malformed('field number 0');
			case P.sample:
				if (++tables.samples > PROFILE_LIMITS.samples) throw new Malformed(`more than ${PROFILE_LIMITS.samples} samples`);
				r.pos = subEnd(r, type, 'a sample');
				break;
			case P.sampleType:
				if (tables.sampleTypes.length >= PROFILE_LIMITS.sampleTypes * 2) throw new Malformed('too many sample types');
				tables.sampleTypes.push(...valueType(r, type));
				break;
			case P.location: {
				const end = subEnd(r, type, 'a location');
				if (tables.locationIds.size >= PROFILE_LIMITS.locations) throw new Malformed(`more than ${PROFILE_LIMITS.locations} locations`);
				readLocation(r, end, tables, lineFunctionIds, lineNumbers, locationMappingIds);
				break;
			}
			case P.function: {
				const end = subEnd(r, type, 'a function');
				if (tables.functionIds.size >= PROFILE_LIMITS.functions) throw new Malformed(`more than ${PROFILE_LIMITS.functions} functions`);
				const [id, name, file] = scalars(r, end, 'a function', FUNCTION_FIELDS);
				tables.functionIds.add(id!, 'function');
				tables.functionName.push(name!);
				tables.functionFile.push(file!);
				break;
			}
			case P.mapping: {
				const end = subEnd(r, type, 'a mapping');
				const [id, file] = scalars(r, end, 'a mapping', MAPPING_FIELDS);
				tables.mappingIds.add(id!, 'mapping');
				tables.mappingFile.push(file!);
				break;
			}
			case P.stringTable: {
				const end = subEnd(r, type, 'a string');
				strings.add(r.pos, end);
				r.pos = end;
				break;
			}
			case P.timeNanos:
				tables.timeNanos = scalar(r, type, 'time_nanos');
				break;
			case P.durationNanos:
				tables.durationNanos = scalar(r, type, 'duration_nanos');
				break;
			case P.periodType:
				tables.periodType = valueType(r, type);
				break;
			case P.period:
				tables.period = scalar(r, type, 'period');
				break;
			case P.comment:
				if (type === WIRE_VARINT) tables.comments.push(readNumber(r));
				else r.pos = subEnd(r, type, 'comments');
				break;
			case P.defaultSampleType:
				tables.defaultSampleType = scalar(r, type, 'default_sample_type');
				break;
			default:
				r.skipType(type);
		}
	}
	if (strings.size > 0 && strings.text(0) !== '') throw new Malformed('string table must start with ""');
	// Now every function and mapping is known: check the references and resolve them.
	const lineFunction = new Int32Array(lineFunctionIds.length);
	for (let j = 0; j < lineFunctionIds.length; j++) {
		const id = lineFunctionIds[j]!;
		const index = id === 0 ? -1 : tables.functionIds.of(id);
		if (id !== 0 && index < 0) throw new Malformed(`a location refers to missing function ${id}`);
		lineFunction[j] = index;
	}
	const locationMapping = new Int32Array(locationMappingIds.length);
	for (let l = 0; l < locationMappingIds.length; l++) {
		const id = locationMappingIds[l]!;
		locationMapping[l] = id === 0 ? -1 : tables.mappingIds.of(id);
	}
	for (let f = 0; f < tables.functionName.length; f++) {
		strings.check(tables.functionName.data[f]!);
		strings.check(tables.functionFile.data[f]!);
	}
	for (let m = 0; m < tables.mappingFile.length; m++) strings.check(tables.mappingFile.data[m]!);
	for (const index of [...tables.sampleTypes, ...tables.comments, tables.defaultSampleType, ...(tables.periodType ?? [])]) strings.check(index);
	return {...tables, lineFunction, lineNumber: Float64Array.from(lineNumbers), locationMapping};
}

const FUNCTION_FIELDS = [FIELDS.function.id, FIELDS.function.name, FIELDS.function.filename];
const MAPPING_FIELDS = [FIELDS.mapping.id, FIELDS.mapping.filename];
const LINE_FIELDS = [FIELDS.line.functionId, FIELDS.line.line];

function readLocation(r: protobuf.Reader, end: number, tables: WireTables, lineFunctionIds: number[], lineNumbers: number[], mappingIds: number[]): void {
	const L = FIELDS.location;
	let id = 0;
	let mapping = 0;
	while (r.pos < end) {
		const tag = r.uint32();
		const field = tag >>> 3;
		const type = tag & 7;
		if (field === 0) throw new Malformed('a location has field number 0');
		if (field === L.id) id = scalar(r, type, 'location id');
		else if (field === L.mappingId) mapping = scalar(r, type, 'location mapping');
		else if (field === L.line) {
			if (lineNumbers.length >= PROFILE_LIMITS.lines) throw new Malformed(`more than ${PROFILE_LIMITS.lines} lines`);
			const [functionId, line] = scalars(r, subEnd(r, type, 'a line'), 'a line', LINE_FIELDS);
			lineFunctionIds.push(functionId!);
			lineNumbers.push(line!);
		} else r.skipType(type);
	}
	if (r.pos !== end) throw new Malformed('a location overruns its length');
	tables.locationIds.add(id, 'location');
	mappingIds.push(mapping);
	tables.lineStart.push(lineNumbers.length);
}

/**
 * Pass 2: every sample in order, as location indices (leaf first) and its
 * values; every location id is checked. The arrays handed to `visit` are
 * reused: it must copy what it keeps.
 */
export function forEachSample(bytes: Buffer, tables: WireTables, visit: (locations: Int32Array, depth: number, values: Float64Array) => void): void {
	const r = protobuf.Reader.create(bytes);
	const k = tables.sampleTypes.length / 2;
	const locations = new Int32Array(PROFILE_LIMITS.stackDepth);
	const values = new Float64Array(Math.max(1, k));
	const S = FIELDS.sample;
	while (r.pos < r.len) {
		const tag = r.uint32();
		const field = tag >>> 3;
		const type = tag & 7;
		if (field !== FIELDS.profile.sample) {
			if (field === 0) throw new Malformed('field number 0');
			r.skipType(type);
			continue;
		}
		const end = subEnd(r, type, 'a sample');
		let depth = 0;
		let count = 0;
		while (r.pos < end) {
			const inner = r.uint32();
			const innerField = inner >>> 3;
			const innerType = inner & 7;
			if (innerField === S.locationId && innerType === WIRE_BYTES) {
				depth = readPackedLocations(r, subEnd(r, innerType, 'Sample.location_id'), tables.locationIds, locations, depth);
			} else if (innerField === S.locationId) {
				// Unpacked, one id a field: valid protobuf, though Go never writes it.
				if (innerType !== WIRE_VARINT) throw new Malformed(`Sample.location_id has wire type ${innerType}`);
				if (depth >= PROFILE_LIMITS.stackDepth) throw new Malformed(`a stack deeper than ${PROFILE_LIMITS.stackDepth} frames`);
				locations[depth++] = locationIndex(tables.locationIds, readNumber(r));
			} else if (innerField === S.value) {
				const stop = innerType === WIRE_VARINT ? -1 : subEnd(r, innerType, 'Sample.value');
				do {
					if (count >= k) throw new Malformed(`a sample has more values than the ${k} sample types`);
					values[count++] = readSigned(r);
				} while (stop >= 0 && r.pos < stop);
				if (stop >= 0 && r.pos !== stop) throw new Malformed('Sample.value overruns its length');
			} else {
				if (innerField === 0) throw new Malformed('field number 0');
				r.skipType(innerType);
			}
		}
		if (r.pos !== end) throw new Malformed('a sample overruns its length');
		if (count !== k) throw new Malformed(`a sample has ${count} values for ${k} sample types`);
		visit(locations, depth, values);
	}
}

/**
 * A sample's stack as Go writes it: one packed field of location ids. This is
 * where a decode spends its time (a million ids in a big profile), so the
 * varints are read in place, without a call per id. Returns the new depth.
 */
function readPackedLocations(r: protobuf.Reader, stop: number, ids: IdIndex, locations: Int32Array, depth: number): number {
	const buf = r.buf;
	let pos = r.pos;
	while (pos < stop) {
		let b = buf[pos++]!;
		let id = b & 0x7f;
		// Ids past 2^49 are never real (Go numbers locations from 1): a varint that long is refused with them.
		for (let scale = 0x80; b >= 0x80; scale *= 0x80) {
			if (pos >= stop || scale > 2 ** 49) throw new Malformed('Sample.location_id holds a broken or oversized varint');
			b = buf[pos++]!;
			id += (b & 0x7f) * scale;
		}
		if (depth >= PROFILE_LIMITS.stackDepth) throw new Malformed(`a stack deeper than ${PROFILE_LIMITS.stackDepth} frames`);
		locations[depth++] = locationIndex(ids, id);
	}
	r.pos = pos;
	return depth;
}

function locationIndex(ids: IdIndex, id: number): number {
	const index = ids.of(id);
	if (index < 0) throw new Malformed(`a sample refers to missing location ${id}`);
	return index;
}

/**
 * A varint as a JS number, read in place when under 2^49 (every count, size
 * and id a real profile holds); protobufjs reads the rest, such as the
 * ten-byte negatives of delta profiles when `signed`.
 */
function readNumber(r: protobuf.Reader, signed = false): number {
	const buf = r.buf;
	let pos = r.pos;
	if (pos + 10 <= r.len) {
		let b = buf[pos++]!;
		if (b < 0x80) {
			r.pos = pos;
			return b;
		}
		let value = b & 0x7f;
		let scale = 0x80;
		for (let i = 1; i < 7; i++) {
			b = buf[pos++]!;
			value += (b & 0x7f) * scale;
			if (b < 0x80) {
				r.pos = pos;
				return value;
			}
			scale *= 0x80;
		}
	}
	return toNumber(signed ? r.int64() : r.uint64());
}

/** An int64 value (delta profiles hold negative ones, as 10-byte varints). */
function readSigned(r: protobuf.Reader): number {
	return readNumber(r, true);
}

/** Without Long, protobufjs returns plain numbers where its types say Long. */
function toNumber(value: number | protobuf.Long): number {
	return typeof value === 'number' ? value : value.high * 2 ** 32 + (value.low >>> 0);
}

/** Length of an embedded message or packed field; returns where it ends. */
function subEnd(r: protobuf.Reader, wire: number, what: string): number {
	if (wire !== WIRE_BYTES) throw new Malformed(`${what} has wire type ${wire}`);
	const end = r.uint32() + r.pos;
	if (end > r.len) throw new Malformed(`${what} runs past the end of the data`);
	return end;
}

function scalar(r: protobuf.Reader, wire: number, what: string): number {
	if (wire !== WIRE_VARINT) throw new Malformed(`${what} has wire type ${wire}`);
	return readSigned(r);
}

/** An embedded message of scalar fields: their values in the order of `ids` (0 when absent). */
function scalars(r: protobuf.Reader, end: number, what: string, ids: readonly number[]): number[] {
	const values = new Array<number>(ids.length).fill(0);
	while (r.pos < end) {
		const tag = r.uint32();
		const field = tag >>> 3;
		const type = tag & 7;
		if (field === 0) throw new Malformed(`${what} has field number 0`);
		const slot = ids.indexOf(field);
		if (slot >= 0) values[slot] = scalar(r, type, what);
		else r.skipType(type);
	}
	if (r.pos !== end) throw new Malformed(`${what} overruns its length`);
	return values;
}

function valueType(r: protobuf.Reader, type: number): [number, number] {
	const [typeIndex, unit] = scalars(r, subEnd(r, type, 'a value type'), 'a value type', [FIELDS.valueType.type, FIELDS.valueType.unit]);
	return [typeIndex!, unit!];
}
