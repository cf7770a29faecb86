#!/usr/bin/env node
// Ink's colours come from chalk, which ignores NO_COLOR (https://no-color.org): tell it before anything loads it.
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
// With DEV=true Ink connects to React devtools, which leakwatch does not ship.
delete process.env.DEV;

const {main, fail} = await import('./source/cli/main.js');
main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.exitCode = fail(error);
	},
);
