import {Box, Text, useApp, useInput, useStdin} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {splitKeys, type Key} from '../live/keys.js';
import type {LiveSession} from '../live/session.js';
import {targetListView} from '../live/target-list.js';
import type {ViewOptions} from '../live/view-model.js';
import {LiveApp} from './live-app.js';
import {useTerminalSize} from './use-terminal-size.js';

export interface TargetsAppProps {
	sessions: readonly LiveSession[];
	intervalMs: number;
	options: ViewOptions;
	refreshMs: number;
	onRedraw?: () => void;
	size?: {columns: number; rows: number};
	now?: () => number;
}

/** Several targets: the list, and the full dashboard of the one opened (Esc comes back). */
export function TargetsApp({sessions, intervalMs, options, refreshMs, onRedraw, size: fixedSize, now = Date.now}: TargetsAppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const size = useTerminalSize(fixedSize);
	const [selected, setSelected] = useState(0);
	// Keys in one chunk act in turn: they read the selection the previous one left.
	const selectedNow = useRef(0);
	selectedNow.current = selected;
	const select = (index: number) => {
		selectedNow.current = Math.max(0, Math.min(sessions.length - 1, index));
		setSelected(selectedNow.current);
	};
	const [open, setOpen] = useState<number | undefined>(undefined);
	const [, setVersion] = useState(0);

	// Every session polls all the time; the list redraws at the refresh rate.
	useEffect(() => {
		if (open !== undefined) return;
		const timer = setInterval(() => setVersion((v) => v + 1), refreshMs);
		return () => clearInterval(timer);
	}, [open, refreshMs]);

	const onKey = (input: string, key: Key) => {
		if (input === 'q' || (key.ctrl && input === 'c')) exit();
		else if (input === 'j' || key.downArrow) select(selectedNow.current + 1);
		else if (input === 'k' || key.upArrow) select(selectedNow.current - 1);
		else if (key.return) setOpen(selectedNow.current);
		else if (key.ctrl && input === 'l') onRedraw?.();
	};
	useInput(
		(chunk, chunkKey) => {
			for (const [input, key] of splitKeys(chunk, chunkKey)) onKey(input, key);
		},
		{isActive: isRawModeSupported === true && open === undefined},
	);

	if (open !== undefined) {
		return (
			<LiveApp
				session={sessions[open]!}
				options={options}
				onRedraw={onRedraw}
				refreshMs={refreshMs}
				size={fixedSize}
				now={now}
				onBack={() => {
					onRedraw?.();
					setOpen(undefined);
				}}
			/>
		);
	}
	const view = targetListView(
		sessions.map((session) => ({target: session.target, state: session.state, intervalMs})),
		selected,
		size,
		now(),
	);
	return (
		<Box height={Math.max(1, size.rows - 1)} flexDirection="column">
			<Text bold wrap="truncate-end">
				{view.title}
			</Text>
			<Text dimColor wrap="truncate-end">
				{view.columns}
			</Text>
			<Box flexDirection="column" flexGrow={1}>
				{view.rows.map((row, i) => (
					<Text key={i} wrap="truncate-end" inverse={row.selected} bold={row.alert} color={options.color && row.alert && !row.selected ? 'yellow' : undefined}>
						{row.text}
					</Text>
				))}
			</Box>
			<Text dimColor wrap="truncate-end">
				{view.status}
			</Text>
		</Box>
	);
}
