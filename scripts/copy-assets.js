// tsc does not copy non-TypeScript files: the .proto is read at run time.
import {copyFileSync, chmodSync} from 'node:fs';

copyFileSync('source/decode/profile.proto', 'dist/source/decode/profile.proto');
chmodSync('dist/cli.js', 0o755);
