// tsc does not copy non-TypeScript files: the .proto is read at run time.
import {copyFileSync, chmodSync} from 'node:fs';

copyFileSync('source/decode/profile.proto', 'dist/source/decode/profile.proto');
copyFileSync('source/decode/profile-fields.json', 'dist/source/decode/profile-fields.json');
chmodSync('dist/cli.js', 0o755);
