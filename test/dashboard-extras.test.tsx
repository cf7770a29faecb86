import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import {keyAction} from '../source/live/keys.js';
import {INITIAL_UI} from '../source/live/ui-state.js';
import {LiveApp} from '../source/ui/live-app.js';
import {KEYS, mountDashboard, plainFrame, refresh, settle} from './helpers/ink.js';
import {recordedSession} from './helpers/sessions.js';

const mount = (options: Parameters<typeof mountDashboard>[0] = {}, size = {columns: 130, rows: 34}) => mountDashboard(options, size);

describe('beyond the basics', () => {
	it('scrubs back through history while paused: cursor time in the header, the ranking as it was', async () => {
		const {frame, press, app} = await mount();
		try {
			const live = frame().split('\n').find((line) => line.includes('remember'))!;
			await press(' ');
			for (let i = 0; i < 5; i++) await press(KEYS.left);
			const screen = frame();
			assert.match(screen, /PAUSED at \d\d:\d\d:\d\d/);
			assert.match(screen, /as ranked at \d\d:\d\d:\d\d/);
			assert.match(screen, /┊/, 'the plots mark the cursor');
			const then = screen.split('\n').find((line) => line.includes('remember'))!;
			const growth = (line: string) => /([+-][\d.]+)MiB/.exec(line)?.[1];
			assert.notEqual(growth(then), growth(live), `earlier ranking differs: ${then} / ${live}`);
			await press('l', 'l');
			assert.match(frame(), /PAUSED at/);
			await press(' ');
			await refresh();
			assert.match(frame(), /LIVE/);
			assert.doesNotMatch(frame(), /┊/);
		} finally {
			app.unmount();
		}
	});

	it('v cycles the extra plot through the other runtime signals and --var vars (counters as rates)', async () => {
		const {frame, press, app} = await mount({customVars: ['requests_total', 'cache.entries']});
		try {
			assert.match(frame(), /heap vs GC goal/);
			const seen = new Set<string>();
			const names = ['heap vs GC goal', 'heap in use vs held', 'RSS vs heap in use', 'open files', 'threads', 'GC CPU', 'requests_total/s', 'cache.entries'];
			for (let i = 0; i < names.length; i++) {
				const title = frame().split('\n')[2]!;
				for (const name of names) if (title.includes(name)) seen.add(name);
				await press('v');
			}
			assert.deepEqual([...seen].sort(), [...names].sort());
		} finally {
			app.unmount();
		}
	});

	it('on a narrow terminal the GC slot takes turns with the extras', async () => {
		const {frame, press, app} = await mount({}, {columns: 90, rows: 30});
		try {
			assert.match(frame().split('\n')[2]!, /GC\/interval/);
			await press('v');
			assert.match(frame().split('\n')[2]!, /heap vs GC goal/);
		} finally {
			app.unmount();
		}
	});

	it('g asks first, g again forces a GC (gc=1); any other key cancels', async () => {
		const {frame, press, app} = await mount();
		try {
			await press('g');
			assert.match(frame(), /press g again to force a GC/);
			await press('j');
			assert.doesNotMatch(frame(), /press g again/);
			await press('g', 'g');
			await refresh();
			assert.match(frame(), /forced GC|forcing a GC/);
		} finally {
			app.unmount();
		}
	});

	it('an alarm rings once and highlights its plot', async () => {
		let rings = 0;
		const fixture = await recordedSession({upTo: 3, alerts: {heap: {kind: 'bytes', bytes: 1024}, goroutines: {kind: 'count', count: 1}}, onAlarm: () => rings++});
		for (const event of fixture.rest) fixture.session.apply(event);
		assert.equal(rings, 2, 'one ring per alarm, not one per poll');
		const app = render(<LiveApp session={fixture.session} options={{color: false}} size={{columns: 130, rows: 34}} now={() => fixture.events.at(-1)!.time} />);
		try {
			await settle();
			assert.match(plainFrame(app), /! heap in use/);
			assert.match(plainFrame(app), /! goroutines/);
			assert.match(plainFrame(app), /ALERT: goroutines grew/);
		} finally {
			app.unmount();
		}
	});

	it('shows how old the heap profile is against the last GC', async () => {
		const {frame, app} = await mount({}, {columns: 200, rows: 34});
		try {
			assert.match(frame(), /as of the GC \S+ before it|a GC since this profile/);
		} finally {
			app.unmount();
		}
	});

	it('Ctrl-L asks for a redraw', () => {
		const context = {keys: [], selected: 0, page: 10, points: 1, sampleCount: 4, sampleIndex: 3, readOnly: false};
		assert.deepEqual(keyAction('l', {ctrl: true}, INITIAL_UI, context), {command: 'redraw'});
	});
});
