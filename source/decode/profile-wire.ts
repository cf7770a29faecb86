import protobuf from 'protobufjs/minimal.js';
import type {ProfileFields} from './profile-schema.js';

/**
 * One pass over a profile.proto message with protobufjs's Reader, into flat
 * columns of numbers. Strings stay indices until the end: Go writes the string
 * table last, and samples before the locations they name. Generated message
 * objects would cost one object per sample, location id and label; on a
 * 65k-stack profile that is most of the time.
 *
 * Small methods on purpose: V8 optimises each hot loop on its own instead of
 * recompiling one huge function.
 */
export class Malformed extends Error {}

export interface WireProfile {
	strings: string[];
	/** type, unit string indices, in pairs. */
	sampleTypes: number[];
	periodType: [number, number] | undefined;
	period: number;
	timeNanos: number;
	durationNanos: number;
	defaultSampleType: number;
	comments: number[];
	/** id → filename string index. */
	mappings: Map<number, number>;
	/** id → [name, filename] string indices. */
	functions: Map<number, [number, number]>;
	locationIds: number[];
	locationMappings: number[];
	/** Location l's lines are lines[2*lineStart[l] .. 2*lineStart[l+1]) as (function id, line) pairs. */
	lineStart: number[];
	lines: number[];
	/** Sample i's location ids are sampleIds[idStart[i] .. idStart[i+1]). */
	idStart: number[];
	sampleIds: Column;
	/** valuesPerSample values per sample, back to back. */
	sampleValues: Column;
	valuesPerSample: number;
	/** Samples read (in every mode). */
	samples: number;
	/** Totals mode: summed values per leaf location id (0: samples without a stack); no per-sample columns. */
	leafTotals: Map<number, number[]> | undefined;
}

/** full: every frame of every sample; totals: sums per leaf location. */
export type ScanMode = 'full' | 'totals';

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;

const NO_VALUES = new Float64Array(0);

/** A growable column of numbers: cheaper than number[] for hundreds of thousands of values. */
export class Column {
	// Allocated at the first value: a totals scan never fills its per-sample columns.
	data = NO_VALUES;
	length = 0;

	push(value: number): void {
		if (this.length === this.data.length) {
			const grown = new Float64Array(Math.max(4096, this.data.length * 2));
			grown.set(this.data);
			this.data = grown;
		}
		this.data[this.length++] = value;
	}

	take(): Float64Array {
		return this.data.slice(0, this.length);
	}
}

/** A varint as a JS number: a fast path for the small values that fill profiles, Reader.int64 for the rest. */
function readNumber(r: protobuf.Reader): number {
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
	// Long varints (negative int64, values past 2^49) and the end of the buffer.
	return r.int64() as unknown as number;
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
	return readNumber(r);
}

/** A repeated scalar, packed (wire 2) or one value (wire 0). */
function repeated(r: protobuf.Reader, wire: number, into: {push(value: number): void}, what: string): void {
	if (wire === WIRE_VARINT) {
		into.push(readNumber(r));
		return;
	}
	const end = subEnd(r, wire, what);
	while (r.pos < end) into.push(readNumber(r));
	if (r.pos !== end) throw new Malformed(`${what} overruns its length`);
}

/*
 * One reader and one profile record, reused for every profile. V8's optimised
 * code checks the hidden class of the objects it reads and holds that class
 * weakly: with a reader and a record made per profile, their classes died
 * with them at each full GC, and so did the optimised code of the whole
 * decoder (--trace-deopt: "weak objects"; fresh records also kept changing
 * class as fields took their first large numbers: "wrong map"). The next
 * profiles then ran in baseline code at three to five times the cost.
 */
const EMPTY = Buffer.alloc(0);
const reader = protobuf.Reader.create(EMPTY);
const record = {} as WireProfile;

/** Scans a profile and hands the record to `read`, which takes what it needs from it (the arrays and maps are its to keep). */
export function scanProfile<T>(bytes: Uint8Array, F: ProfileFields, mode: ScanMode, read: (wire: WireProfile) => T): T {
	// Always a Buffer (a view, not a copy): the reader's string and bytes methods are Buffer's.
	reader.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	reader.pos = 0;
	reader.len = reader.buf.length;
	try {
		return read(scanInto(reader, resetRecord(mode), F, mode));
	} finally {
		// Between profiles, neither holds on to the last one's bytes or columns.
		reader.buf = EMPTY;
		reader.pos = 0;
		reader.len = 0;
		resetRecord(mode);
	}
}

function resetRecord(mode: ScanMode): WireProfile {
	const wire = record;
	wire.strings = [];
	wire.sampleTypes = [];
	wire.periodType = undefined;
	wire.period = 0;
	wire.timeNanos = 0;
	wire.durationNanos = 0;
	wire.defaultSampleType = 0;
	wire.comments = [];
	wire.mappings = new Map();
	wire.functions = new Map();
	wire.locationIds = [];
	wire.locationMappings = [];
	wire.lineStart = [0];
	wire.lines = [];
	wire.idStart = [0];
	wire.sampleIds = new Column();
	wire.sampleValues = new Column();
	wire.valuesPerSample = -1;
	wire.samples = 0;
	wire.leafTotals = mode === 'totals' ? new Map() : undefined;
	return wire;
}

function scanInto(r: protobuf.Reader, wire: WireProfile, F: ProfileFields, mode: ScanMode): WireProfile {
	while (r.pos < r.len) {
		const value = r.uint32();
		const field = value >>> 3;
		const type = value & 7;
		switch (field) {
			case 0:
				throw new Malformed('field number 0');
			case F.sample:
				if (mode === 'totals') scanSampleTotals(r, subEnd(r, type, 'a sample'), F, wire);
				else scanSample(r, subEnd(r, type, 'a sample'), F, wire);
				break;
			case F.sampleType:
				wire.sampleTypes.push(...scanValueType(r, type, F));
				break;
			case F.location:
				scanLocation(r, subEnd(r, type, 'a location'), F, wire);
				break;
			case F.function:
				scanFunction(r, subEnd(r, type, 'a function'), F, wire);
				break;
			case F.mapping:
				scanMapping(r, subEnd(r, type, 'a mapping'), F, wire);
				break;
			case F.stringTable:
				if (type !== WIRE_BYTES) throw new Malformed(`a string has wire type ${type}`);
				wire.strings.push(r.string());
				break;
			case F.timeNanos:
				wire.timeNanos = scalar(r, type, 'time_nanos');
				break;
			case F.durationNanos:
				wire.durationNanos = scalar(r, type, 'duration_nanos');
				break;
			case F.periodType:
				wire.periodType = scanValueType(r, type, F);
				break;
			case F.period:
				wire.period = scalar(r, type, 'period');
				break;
			case F.comment:
				repeated(r, type, wire.comments, 'comment');
				break;
			case F.defaultSampleType:
				wire.defaultSampleType = scalar(r, type, 'default_sample_type');
				break;
			default:
				r.skipType(type);
		}
	}
	return wire;
}

function scanSample(r: protobuf.Reader, end: number, F: ProfileFields, wire: WireProfile): void {
	const ids = wire.sampleIds;
	const values = wire.sampleValues;
	const firstValue = values.length;
	const LOCATION_ID = F.sampleFields.locationId;
	const VALUE = F.sampleFields.value;
	while (r.pos < end) {
		const value = r.uint32();
		const field = value >>> 3;
		const type = value & 7;
		if (field === LOCATION_ID) {
			repeated(r, type, ids, 'Sample.location_id');
		} else if (field === VALUE) {
			repeated(r, type, values, 'Sample.value');
		} else {
			if (field === 0) throw new Malformed('field number 0');
			r.skipType(type);
		}
	}
	endSample(r, end, values.length - firstValue, wire);
	wire.idStart.push(ids.length);
	wire.samples++;
}

/** Both sample scanners end here: the sample read exactly to its length, with as many values as the others. */
function endSample(r: protobuf.Reader, end: number, count: number, wire: WireProfile): void {
	if (r.pos !== end) throw new Malformed('a sample overruns its length');
	if (wire.valuesPerSample >= 0 && count !== wire.valuesPerSample) throw new Malformed('samples have different numbers of values');
	wire.valuesPerSample = count;
}

// Reused, and never truncated: `length = 0` on an array drops its backing store, so a
// plain array here cost a fresh allocation per sample (40% of the dashboard's garbage).
const scratch = new Column();
const SCRATCH_KEEP = 4096;

/** A sample added straight into its leaf location's totals: what a flat diff needs, and nothing else. */
function scanSampleTotals(r: protobuf.Reader, end: number, F: ProfileFields, wire: WireProfile): void {
	const LOCATION_ID = F.sampleFields.locationId;
	const VALUE = F.sampleFields.value;
	let leaf = 0;
	scratch.length = 0;
	while (r.pos < end) {
		const value = r.uint32();
		const field = value >>> 3;
		const type = value & 7;
		if (field === LOCATION_ID) {
			if (type === WIRE_VARINT) {
				const id = readNumber(r);
				if (leaf === 0) leaf = id;
			} else {
				const packedEnd = subEnd(r, type, 'Sample.location_id');
				if (leaf === 0 && r.pos < packedEnd) leaf = readNumber(r);
				r.pos = packedEnd;
			}
		} else if (field === VALUE) {
			repeated(r, type, scratch, 'Sample.value');
		} else {
			if (field === 0) throw new Malformed('field number 0');
			r.skipType(type);
		}
	}
	const count = scratch.length;
	endSample(r, end, count, wire);
	const totals = wire.leafTotals!;
	let sums = totals.get(leaf);
	if (!sums) {
		sums = new Array<number>(count).fill(0);
		totals.set(leaf, sums);
	}
	const values = scratch.data;
	for (let v = 0; v < count; v++) sums[v]! += values[v]!;
	// A hostile sample with millions of values must not pin that much memory for good.
	if (values.length > SCRATCH_KEEP) scratch.data = new Float64Array(SCRATCH_KEEP);
	wire.samples++;
}

/** Repeated messages of scalars inside another (a location's lines): their values go to `into`, back to back. */
interface NestedScalars {
	readonly field: number;
	readonly what: string;
	readonly ids: readonly number[];
	readonly into: number[];
}

/**
 * An embedded message of scalar fields: their values in the order of `ids`
 * (0 when absent). Fields it does not ask for are skipped, except `nested`.
 *
 * No closures or strings made per call: this runs for every location, and V8
 * drops the optimised code of a closure once every copy of it is garbage.
 */
function scalars(r: protobuf.Reader, end: number, what: string, ids: readonly number[], nested?: NestedScalars): number[] {
	const values = new Array<number>(ids.length).fill(0);
	while (r.pos < end) {
		const value = r.uint32();
		const field = value >>> 3;
		const type = value & 7;
		if (field === 0) throw new Malformed(`${what} has field number 0`);
		const slot = ids.indexOf(field);
		if (slot >= 0) {
			if (type !== WIRE_VARINT) throw new Malformed(`${what} field ${field} has wire type ${type}`);
			values[slot] = readNumber(r);
		} else if (nested && field === nested.field) {
			nested.into.push(...scalars(r, subEnd(r, type, nested.what), nested.what, nested.ids));
		} else {
			r.skipType(type);
		}
	}
	if (r.pos !== end) throw new Malformed(`${what} overruns its length`);
	return values;
}

function scanValueType(r: protobuf.Reader, type: number, F: ProfileFields): [number, number] {
	const [typeIndex, unit] = scalars(r, subEnd(r, type, 'a value type'), 'a value type', [F.valueType.type, F.valueType.unit]);
	return [typeIndex!, unit!];
}

function scanLocation(r: protobuf.Reader, end: number, F: ProfileFields, wire: WireProfile): void {
	const {locationFields, lineFields} = F;
	const lines = {field: locationFields.line, what: 'a line', ids: [lineFields.functionId, lineFields.line], into: wire.lines};
	const [id, mappingId] = scalars(r, end, 'a location', [locationFields.id, locationFields.mappingId], lines);
	if (!id) throw new Malformed('location without id');
	wire.locationIds.push(id);
	wire.locationMappings.push(mappingId!);
	wire.lineStart.push(wire.lines.length / 2);
}

function scanFunction(r: protobuf.Reader, end: number, F: ProfileFields, wire: WireProfile): void {
	const [id, name, filename] = scalars(r, end, 'a function', [F.functionFields.id, F.functionFields.name, F.functionFields.filename]);
	if (!id) throw new Malformed('function without id');
	wire.functions.set(id, [name!, filename!]);
}

function scanMapping(r: protobuf.Reader, end: number, F: ProfileFields, wire: WireProfile): void {
	const [id, filename] = scalars(r, end, 'a mapping', [F.mappingFields.id, F.mappingFields.filename]);
	wire.mappings.set(id!, filename!);
}
