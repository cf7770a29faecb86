/**
 * Golden screens: the dashboard on the recorded demo run at 80x24, 120x36 and
 * 200x60, the goroutine pane and a drill-down, compared character for
 * character with test/fixtures/screens/. A change to the layout shows here as
 * a diff to read; UPDATE_SCREENS=1 writes the new screens.
 */
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {KEYS, mountDashboard} from './helpers/ink.js';

const DIR = 'test/fixtures/screens';

function golden(name: string, frame: string) {
	const file = join(DIR, `${name}.txt`);
	if (process.env.UPDATE_SCREENS === '1' || !existsSync(file)) {
		mkdirSync(DIR, {recursive: true});
		writeFileSync(file, `${frame}\n`);
		return;
	}
	assert.equal(`${frame}\n`, readFileSync(file, 'utf8'), `${name} changed (UPDATE_SCREENS=1 to accept)`);
}

describe('golden screens of the recorded demo run', () => {
	for (const [columns, rows] of [
		[80, 24],
		[120, 36],
		[200, 60],
	] as const) {
		it(`the dashboard at ${columns}x${rows}: every row used, nothing wider than the terminal`, async () => {
			const dashboard = await mountDashboard({size: {columns, rows}});
			try {
				const frame = dashboard.frame();
				const lines = frame.split('\n');
				assert.equal(lines.length, rows - 1);
				assert.ok(lines.every((line) => [...line].length <= columns));
				golden(`dashboard-${columns}x${rows}`, frame);
			} finally {
				dashboard.unmount();
			}
		});
	}

	it('the goroutine pane and a drill-down at 120x36', async () => {
		const dashboard = await mountDashboard({size: {columns: 120, rows: 36}});
		try {
			await dashboard.press(KEYS.tab);
			golden('goroutines-120x36', dashboard.frame());
			await dashboard.press(KEYS.tab, KEYS.enter);
			await dashboard.until(/stacks? (feeds?|that feeds) this site/);
			golden('drill-down-120x36', dashboard.frame());
		} finally {
			dashboard.unmount();
		}
	});
});
