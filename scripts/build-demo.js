// Builds the Go programs the tests and the demo run into test/.work/:
//   leakydemo, genprofile, leakzoo, fleetsim   with the machine's Go (1.26)
//   leakydemo-leakprofile                       the demo with GOEXPERIMENT=goroutineleakprofile (Go 1.26+)
//   promdemo                                    client_golang on /metrics (modules through the Go proxy)
//   go1.19/leakydemo, go1.19/leakzoo            with Debian's Go 1.19, where installed
// Without a Go toolchain it says so and exits 0: the tests that need Go then
// skip themselves, and `npm run demo` replays a recording. A build that cannot
// be made here (no Go 1.19, no network for modules) is reported and skipped.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync} from 'node:fs';
import {resolve} from 'node:path';

const GO119 = '/usr/lib/go-1.19/bin/go';
const go = spawnSync('go', ['version'], {encoding: 'utf8'});
if (go.status !== 0) {
	console.log('build-demo: no Go toolchain found; tests that need a live Go process will be skipped');
	process.exit(0);
}
const out = resolve('test/.work');
mkdirSync(resolve(out, 'go1.19'), {recursive: true});
// Standard library only: no network, never a toolchain or module download.
const offline = {GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off', CGO_ENABLED: '0'};

function build(program, output, {toolchain = 'go', env = offline, optional = false} = {}) {
	try {
		execFileSync(toolchain, ['build', '-o', resolve(out, output), '.'], {cwd: resolve('test', program), stdio: optional ? 'pipe' : 'inherit', env: {...process.env, ...env}});
		return true;
	} catch (error) {
		if (!optional) throw error;
		console.log(`build-demo: ${output} not built (${String(error.stderr ?? error.message).trim().split('\n').at(-1)}); the tests that need it will be skipped`);
		return false;
	}
}

build('demo', 'leakydemo');
build('genprofile', 'genprofile');
build('leakzoo', 'leakzoo');
build('fleetsim', 'fleetsim');
const minor = Number(/go1\.(\d+)/.exec(go.stdout)?.[1] ?? 0);
if (minor >= 26) build('demo', 'leakydemo-leakprofile', {env: {...offline, GOEXPERIMENT: 'goroutineleakprofile'}, optional: true});
// client_golang and its dependencies come through the Go module proxy; go.sum pins them.
build('promdemo', 'promdemo', {env: {GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local', CGO_ENABLED: '0'}, optional: true});
const go119 = existsSync(GO119) ? spawnSync(GO119, ['version'], {encoding: 'utf8'}).stdout.trim() : '';
if (go119) {
	build('demo', 'go1.19/leakydemo', {toolchain: GO119, optional: true});
	build('leakzoo', 'go1.19/leakzoo', {toolchain: GO119, optional: true});
}
console.log(`build-demo: built with ${go.stdout.trim()}${go119 ? ` and ${go119}` : ' (no Go 1.19 here)'} into test/.work/`);
