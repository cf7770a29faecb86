/**
 * @module The `leakwatch` command: meow reads the flags, one of the commands
 * runs, and whatever goes wrong is one line on stderr and exit status 2.
 */
import process from 'node:process';
import meow from 'meow';
import {describeError, isLeakwatchError} from '../errors.js';
import {checkFlagsFor, COMMANDS, FLAG_SPEC, helpText, type Command, type RawFlags} from './flags.js';

export async function main(): Promise<number> {
	const cli = meow(helpText(undefined), {
		importMeta: import.meta,
		// Given, so meow does not read and normalise package.json at every start; it also names the process "leakwatch".
		pkg: {name: 'leakwatch'},
		flags: FLAG_SPEC as never,
		allowUnknownFlags: true,
		autoHelp: false,
		autoVersion: false,
		description: false,
	});
	const flags = cli.flags as RawFlags;
	const [first, ...rest] = cli.input;
	const named = COMMANDS.includes(first as Command) && first !== 'live';
	const command: Command = named ? (first as Command) : 'live';
	const args = named ? rest : cli.input;
	if (flags.version) {
		const {version} = await import('../version.js');
		process.stdout.write(`${version()}\n`);
		return 0;
	}
	if (flags.help) {
		process.stdout.write(`${helpText(named || cli.input.length > 0 ? command : undefined).trimEnd()}\n\n`);
		return 0;
	}
	checkFlagsFor(command, flags);
	// `leakwatch diff … | head`: a closed pipe ends the output, not with a stack trace.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(0);
	});
	const out = {write: (text: string) => void process.stdout.write(text)};
	const err = {write: (text: string) => void process.stderr.write(text)};
	switch (command) {
		case 'check':
			return (await import('./check.js')).checkFromFlags(args, flags, out, err);
		case 'diff':
			return (await import('./diff.js')).diffFromFlags(args, flags, out);
		case 'fleet':
			return (await import('./fleet.js')).fleetFromFlags(args, flags, out);
		case 'replay':
			return (await import('./dashboard.js')).replayFromFlags(args, flags);
		default:
			return (await import('./dashboard.js')).liveFromFlags(args, flags);
	}
}

export function fail(error: unknown): number {
	// A user's mistake or a hostile target gets one line; a bug in leakwatch gets the stack with LEAKWATCH_DEBUG=1.
	process.stderr.write(`leakwatch: ${describeError(error)}\n`);
	if (!isLeakwatchError(error) && process.env.LEAKWATCH_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
	return 2;
}
