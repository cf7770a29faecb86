// Part of `npm run bench`: the baseline for the dashboard's start-up — a plain
// Node program of the same stack (React, Ink, meow, loaded from node_modules
// as any program would) that parses its flags, draws one line and stops.
// Prints the CPU-seconds it used, every thread included.
import React from 'react';
import {render, Text} from 'ink';
import meow from 'meow';

meow('usage: plain-ink', {importMeta: import.meta, pkg: {name: 'plain-ink'}});
const app = render(React.createElement(Text, null, 'hello'));
setTimeout(() => {
	app.unmount();
	const used = process.cpuUsage();
	process.stderr.write(`${(used.user + used.system) / 1e6}\n`);
}, 1000);
