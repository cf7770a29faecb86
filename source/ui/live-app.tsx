import {useApp, useInput, useStdin} from 'ink';
import {useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {freezeData, type DashboardData} from '../live/dashboard-data.js';
import {keyAction, splitKeys, type Key, type SessionCommand} from '../live/keys.js';
import type {Session} from '../live/session.js';
import {INITIAL_UI, selectedPosition, uiReducer} from '../live/ui-state.js';
import {buildView, currentValueIndex, cursorTime, layout, visibleRows, type Size, type ViewOptions} from '../live/view-model.js';
import {Screen} from './screen.js';
import {useTerminalSize} from './use-terminal-size.js';

const MIN_REFRESH_MS = 100;

export interface LiveAppProps {
	session: Session;
	options: ViewOptions;
	/** Ctrl-L: the launcher clears the screen and forces a full repaint. */
	onRedraw?: () => void;
	/** Tests pass a size (ink-testing-library's stdout has no rows) and a clock. */
	size?: Size;
	now?: () => number;
	/** Redraw for new data at most this often (keys always redraw at once). */
	refreshMs?: number;
	/** Esc with nothing left to close: back to the target list (several targets). */
	onBack?: () => void;
}

/**
 * The dashboard: keeps the user's view state, follows the session, and hands
 * both to buildView. Paused, it keeps a frozen copy of the data so the screen
 * does not move while polls keep arriving.
 */
export function LiveApp({session, options, onRedraw, size: fixedSize, now = Date.now, refreshMs = MIN_REFRESH_MS, onBack}: LiveAppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const size = useTerminalSize(fixedSize);
	const [ui, dispatch] = useReducer(uiReducer, INITIAL_UI);
	const [version, setVersion] = useState(0);
	const [clock, setClock] = useState(now);
	const frozen = useRef<DashboardData | undefined>(undefined);

	// A refresh redraws the whole screen in Ink (10-20 ms at 120x40), so there are as few
	// as possible: new data redraws at most once per refreshMs (polls in between share it),
	// and the clock only redraws on its own when nothing else has for a while (target down).
	const lastRefresh = useRef(0);
	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		const unsubscribe = session.subscribe(() => {
			timer ??= setTimeout(
				() => {
					timer = undefined;
					lastRefresh.current = now();
					setVersion((v) => v + 1);
					setClock(lastRefresh.current);
				},
				Math.max(MIN_REFRESH_MS, lastRefresh.current + refreshMs - now()),
			);
		});
		return () => {
			unsubscribe();
			clearTimeout(timer);
		};
	}, [session, now, refreshMs]);
	useEffect(() => {
		const timer = setInterval(() => {
			const time = now();
			if (time - lastRefresh.current < refreshMs + 900) return;
			lastRefresh.current = time;
			setClock(time);
		}, 1000);
		return () => clearInterval(timer);
	}, [now, refreshMs]);

	const data = ui.paused && frozen.current ? frozen.current : session.data();
	const view = useMemo(() => buildView(data, session.status(), ui, size, clock, options), [data, ui, size, clock, options, version]);

	// Keys in one chunk act one after another, each on the state the previous left.
	const uiNow = useRef(ui);
	uiNow.current = ui;

	useInput(
		(chunk, chunkKey) => {
			for (const [input, key] of splitKeys(chunk, chunkKey)) handleKey(input, key);
		},
		{isActive: isRawModeSupported === true},
	);

	function handleKey(input: string, key: Key) {
		const ui = uiNow.current;
		const data = ui.paused && frozen.current ? frozen.current : session.data();
		const pane = ui.pane === 'heap' ? data.heap : data.goroutines;
		const keys = pane ? visibleRows(pane, ui, cursorTime(data, ui)).map((row) => row.key) : [];
		const result = keyAction(input, key, ui, {
			keys,
			selected: selectedPosition(ui, keys),
			page: Math.max(1, layout(size).listRows - 1),
			points: data.series.times(Number.MAX_SAFE_INTEGER).length,
			sampleCount: pane?.kind === 'heap' ? pane.sampleTypes.length : 0,
			sampleIndex: pane ? currentValueIndex(pane, ui) : 0,
			readOnly: session.mode === 'replay',
		});
		// `g` arms a forced GC; any other key disarms it.
		if (ui.gcArmed && input !== 'g') {
			uiNow.current = uiReducer(uiNow.current, {type: 'arm-gc', armed: false});
			dispatch({type: 'arm-gc', armed: false});
		}
		if (!result) return;
		if ('ui' in result) {
			if (result.ui.type === 'pause' && result.ui.paused) {
				frozen.current = freezeData(session.data(), ui.selectedKey ? [{kind: ui.pane, key: ui.selectedKey}] : []);
			}
			const next = uiReducer(uiNow.current, result.ui);
			if (result.ui.type === 'back' && next === uiNow.current && onBack) {
				onBack();
				return;
			}
			uiNow.current = next;
			dispatch(result.ui);
		}
		if ('command' in result) runCommand(result.command);
	}

	function runCommand(command: SessionCommand) {
		switch (command) {
			case 'quit':
				exit();
				break;
			case 'baseline':
				session.markBaseline();
				break;
			case 'snapshot':
				void session.snapshot();
				break;
			case 'force-gc':
				void session.forceGC();
				break;
			case 'redraw':
				onRedraw?.();
				setVersion((v) => v + 1);
				break;
		}
	}

	return <Screen view={view} color={options.color} />;
}
