// Regenerates source/decode/profile-fields.json (the field numbers leakwatch's
// decoder reads) from source/decode/profile.proto, with protobufjs's parser.
// The decoder loads only protobufjs/minimal at run time: parsing the schema on
// every start would cost more than decoding a small profile.
// Run after editing profile.proto; a test fails when the two disagree.
import {readFileSync, writeFileSync} from 'node:fs';
import protobuf from 'protobufjs';

export function fieldsFromProto(text) {
	const {root} = protobuf.parse(text, {keepCase: true});
	const pkg = root.lookup('perftools.profiles');
	const result = {};
	for (const message of pkg.nestedArray) {
		if (!(message instanceof protobuf.Type)) continue;
		result[message.name] = Object.fromEntries(message.fieldsArray.map((field) => [field.name, field.id]));
	}
	return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const fields = fieldsFromProto(readFileSync('source/decode/profile.proto', 'utf8'));
	writeFileSync('source/decode/profile-fields.json', `${JSON.stringify(fields, null, '\t')}\n`);
	console.log('wrote source/decode/profile-fields.json');
}
