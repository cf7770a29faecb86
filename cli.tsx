#!/usr/bin/env node
import process from 'node:process';
import meow from 'meow';
import {describeError, isLeakwatchError} from './source/errors.js';
import {checkFlagsFor, FLAG_SPEC, type RawFlags} from './source/cli-options.js';

const help = `
  Find what keeps growing in a live Go process.

  Usage
    $ leakwatch [URL...]                  live dashboard (default URL http://localhost:6060);
                                          several URLs (or --targets FILE) open a list of them
    $ leakwatch check [URL]               watch headless, exit 1 if a leak is suspected
    $ leakwatch diff BASE CURRENT         compare two profile files (.pb.gz)
    $ leakwatch replay DIR                open an exported snapshot in the dashboard
    $ leakwatch fleet --prometheus URL    rank every instance Prometheus scrapes by growth

  The Go service needs:   import _ "net/http/pprof"   and an HTTP listener,
  e.g.  go func() { log.Println(http.ListenAndServe("localhost:6060", nil)) }()

  Target options (dashboard and check)
    --header "Name: value"   extra request header, repeatable (e.g. Authorization)
    --timeout 10s            give up on a request after this long
    --insecure               accept a self-signed TLS certificate
    --pprof-path /debug/pprof    where net/http/pprof is mounted
    --vars-path /debug/vars      where expvar is mounted
    --max-response 64MB      refuse bigger responses (and 4x that decompressed)
    URL credentials (https://user:pass@host:6060) are sent as basic auth.

  Dashboard
    --interval 1s            poll /debug/vars and the goroutine count this often
    --profile-interval 5s    fetch heap and goroutine profiles this often
    --refresh 2s             redraw for new data at most this often (keys redraw at once)
    --window N               points shown in the plots (default: terminal width)
    --out DIR                where "s" writes snapshots (default: current directory)
    --var NAME               also plot this expvar var (dotted path), repeatable (v cycles)
    --targets FILE           URLs to watch, one per line
    --alert-heap-growth 50MB|20%        ring the bell when heap growth crosses this
    --alert-goroutine-growth 100|20%    same for goroutines

  check
    --duration 30s           how long to watch
    --interval 1s  --profile-interval 5s   as above (profiles: default fits the duration)
    --max-heap-growth 50MB|20%         fail when heap in use grows more than this
    --max-goroutine-growth 100|20%     fail when goroutines grow more than this
                             (without thresholds: fail when a site or goroutine group
                              grows steadily through the run)
    --gc                     force a GC before each heap profile (costs the target)
    --top 10                 sites and groups listed
    --json                   machine-readable report
    Exit status: 0 no leak suspected, 1 leak suspected, 2 usage or connection error.

  diff
    --sample inuse_space|inuse_objects|alloc_space|alloc_objects
    --top N                  show N sites   --json   machine-readable
    --lines                  one row per file:line instead of per function

  fleet
    --prometheus URL         the Prometheus server (query API) to ask
    --selector '{job="api"}' which instances (a PromQL label selector)
    --window 30m             growth (PromQL deriv) over this long
    --pprof-port N           the instances' pprof port when it is not the scrape port
    --interval 15s           how often the list asks again   --json  machine-readable

  Runtime numbers come from expvar, or from Prometheus /metrics when the service has
  no expvar (--source auto|expvar|metrics, --metrics-path /metrics). On the same host,
  RSS and open files come from /proc (--pid N, or found from the port).

  Sizes are binary: 50MB = 50 MiB, as pprof prints them.
  The dashboard keeps leakwatch's compiled code in ~/.cache/leakwatch for a faster
  start (XDG_CACHE_HOME is honoured; LEAKWATCH_CODE_CACHE=0 turns it off).
`;

async function main(): Promise<number> {
	const cli = meow(help, {
		importMeta: import.meta,
		// Given, so meow does not search for and normalise package.json on every start (~40 ms).
		// meow also names the process after it: `leakwatch` in ps and top.
		pkg: {name: 'leakwatch'},
		flags: FLAG_SPEC as never,
		allowUnknownFlags: true,
		autoHelp: false,
		autoVersion: false,
		description: false,
	});
	const flags = cli.flags as RawFlags;
	if (flags.version) {
		const {version} = await import('./source/version.js');
		process.stdout.write(`${version()}\n`);
		return 0;
	}
	if (flags.help) {
		process.stdout.write(`${help.trimEnd()}\n\n`);
		return 0;
	}
	const [first, ...rest] = cli.input;
	const command = first === 'check' || first === 'diff' || first === 'replay' || first === 'fleet' ? first : 'live';
	const args = command === 'live' ? cli.input : rest;
	checkFlagsFor(command, flags);
	// `leakwatch diff … | head`: a closed pipe ends the output, not with a stack trace.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(0);
	});
	const out = {write: (text: string) => void process.stdout.write(text)};
	switch (command) {
		case 'check': {
			const {checkFromFlags} = await import('./source/commands/check-flags.js');
			return checkFromFlags(args, flags, out);
		}
		case 'diff': {
			const {diffFromFlags} = await import('./source/commands/diff-flags.js');
			return diffFromFlags(args, flags, out);
		}
		case 'fleet': {
			prepareDashboard();
			const {fleetFromFlags} = await import('./source/commands/fleet.js');
			return fleetFromFlags(args, flags, out);
		}
		case 'replay': {
			prepareDashboard();
			const {replayFromFlags} = await import('./source/commands/replay-flags.js');
			return replayFromFlags(args, flags);
		}
		default: {
			// Ink's colours come from chalk, which ignores NO_COLOR (https://no-color.org): tell it before it loads.
			if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
			prepareDashboard();
			const {liveFromFlags} = await import('./source/commands/live-flags.js');
			return liveFromFlags(args, flags);
		}
	}
}

/**
 * Long runs: React's development build records a performance.measure for every render
 * ("Changed Props" tracks) and Node keeps them all: a dashboard left running
 * for days would grow without bound. The built CLI has React's production build
 * baked in (scripts/bundle.ts); this covers running from source. Decide before React loads.
 */
function prepareDashboard(): void {
	process.env.NODE_ENV ??= 'production';
}

function fail(error: unknown): number {
	// A user's mistake or a hostile target gets one line; a bug in leakwatch gets the stack with LEAKWATCH_DEBUG=1.
	process.stderr.write(`leakwatch: ${describeError(error)}\n`);
	if (!isLeakwatchError(error) && process.env.LEAKWATCH_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
	return 2;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.exitCode = fail(error);
	},
);
