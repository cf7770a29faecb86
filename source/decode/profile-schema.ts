import {readFileSync} from 'node:fs';
import protobuf from 'protobufjs/minimal.js';

// 64-bit fields as plain numbers: byte and object counts fit easily in 2^53,
// and Long objects make decoding much slower. We never key on addresses.
protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();

/**
 * Field numbers of profile.proto. They come from profile-fields.json, which
 * scripts/proto-fields.js generates from this project's profile.proto with
 * protobufjs's parser (a test keeps the two in step), so the decoder needs only
 * protobufjs/minimal at run time.
 */
export interface ProfileFields {
	readonly sampleType: number;
	readonly sample: number;
	readonly mapping: number;
	readonly location: number;
	readonly function: number;
	readonly stringTable: number;
	readonly timeNanos: number;
	readonly durationNanos: number;
	readonly periodType: number;
	readonly period: number;
	readonly comment: number;
	readonly defaultSampleType: number;
	readonly valueType: {readonly type: number; readonly unit: number};
	readonly sampleFields: {readonly locationId: number; readonly value: number};
	readonly mappingFields: {readonly id: number; readonly filename: number};
	readonly locationFields: {readonly id: number; readonly mappingId: number; readonly line: number};
	readonly lineFields: {readonly functionId: number; readonly line: number};
	readonly functionFields: {readonly id: number; readonly name: number; readonly filename: number};
}

type FieldTable = Record<string, Record<string, number>>;

// Next to this module in source/, next to dist/leakwatch.cjs when built (scripts/bundle.ts copies it).
const FIELDS_FILE = new URL('profile-fields.json', import.meta.url);
let fields: ProfileFields | undefined;

export function profileFields(): ProfileFields {
	if (fields) return fields;
	const table = JSON.parse(readFileSync(FIELDS_FILE, 'utf8')) as FieldTable;
	const idsOf = (message: string) => (field: string): number => {
		const id = table[message]?.[field];
		if (id === undefined) throw new Error(`profile-fields.json lacks ${message}.${field}`);
		return id;
	};
	const profile = idsOf('Profile');
	const valueType = idsOf('ValueType');
	const sample = idsOf('Sample');
	const mapping = idsOf('Mapping');
	const location = idsOf('Location');
	const line = idsOf('Line');
	const fn = idsOf('Function');
	fields = {
		sampleType: profile('sample_type'),
		sample: profile('sample'),
		mapping: profile('mapping'),
		location: profile('location'),
		function: profile('function'),
		stringTable: profile('string_table'),
		timeNanos: profile('time_nanos'),
		durationNanos: profile('duration_nanos'),
		periodType: profile('period_type'),
		period: profile('period'),
		comment: profile('comment'),
		defaultSampleType: profile('default_sample_type'),
		valueType: {type: valueType('type'), unit: valueType('unit')},
		sampleFields: {locationId: sample('location_id'), value: sample('value')},
		mappingFields: {id: mapping('id'), filename: mapping('filename')},
		locationFields: {id: location('id'), mappingId: location('mapping_id'), line: location('line')},
		lineFields: {functionId: line('function_id'), line: line('line')},
		functionFields: {id: fn('id'), name: fn('name'), filename: fn('filename')},
	};
	return fields;
}
