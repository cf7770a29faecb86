import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {fuzz} from '../scripts/fuzz.js';

describe('fuzzing the decoders (a few hundred cases; npm run fuzz for 10,000)', () => {
	for (const seed of [1, 2]) {
		it(`seed ${seed}: only LeakwatchErrors, nothing slow`, async () => {
			const report = await fuzz(200, seed);
			assert.equal(report.failure, undefined, report.failure && `${report.failure.kind} #${report.failure.index}: ${report.failure.error}`);
			assert.equal(report.decoded + report.rejected, 200);
			assert.ok(report.rejected > 0);
		});
	}
});
