// Builds the Go programs the tests and the demo run (test/demo, test/genprofile)
// into test/.work/. Without a Go toolchain it says so and exits 0: the tests
// that need Go then skip themselves, and `npm run demo` replays a recording.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import {resolve} from 'node:path';

const go = spawnSync('go', ['version'], {encoding: 'utf8'});
if (go.status !== 0) {
	console.log('build-demo: no Go toolchain found; tests that need a live Go process will be skipped');
	process.exit(0);
}
const out = resolve('test/.work');
mkdirSync(out, {recursive: true});
for (const program of ['demo', 'genprofile', 'leakzoo', 'fleetsim']) {
	execFileSync('go', ['build', '-o', resolve(out, program === 'demo' ? 'leakydemo' : program), '.'], {
		cwd: resolve('test', program),
		stdio: 'inherit',
		// No network here: never try to download a toolchain or modules.
		env: {...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOPROXY: 'off', CGO_ENABLED: '0'},
	});
}
console.log(`build-demo: built ${go.stdout.trim()} programs into test/.work/`);
