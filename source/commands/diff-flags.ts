import {choiceFlag, DEFAULT_MAX_RESPONSE, intFlag, SAMPLE_TYPES, sizeFlag, usage, type RawFlags} from '../cli-options.js';
import type {Output} from './check.js';
import {runDiff} from './diff.js';

export async function diffFromFlags(args: string[], flags: RawFlags, out: Output): Promise<number> {
	if (args.length !== 2) throw usage(`diff needs two profile files: leakwatch diff BASE CURRENT (got ${args.length})`);
	return runDiff(
		{
			basePath: args[0]!,
			currentPath: args[1]!,
			sampleType: choiceFlag(flags, 'sample', SAMPLE_TYPES),
			top: intFlag(flags, 'top', 1),
			json: flags.json === true,
			granularity: flags.lines === true ? 'lines' : 'functions',
			maxBytes: sizeFlag(flags, 'maxResponse', DEFAULT_MAX_RESPONSE),
		},
		out,
	);
}
