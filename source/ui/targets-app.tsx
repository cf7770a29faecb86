import {useEffect, useState} from 'react';
import type {LiveSession} from '../live/session.js';
import {targetListView} from '../live/target-list.js';
import type {ViewOptions} from '../live/view-model.js';
import {ListScreen} from './list-screen.js';
import {LiveApp} from './live-app.js';
import {useListKeys} from './use-list-keys.js';
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
	const size = useTerminalSize(fixedSize);
	const [open, setOpen] = useState<number | undefined>(undefined);
	const [, setVersion] = useState(0);
	const selected = useListKeys(sessions.length, {active: open === undefined, onOpen: setOpen, onRedraw});

	// Every session polls all the time; the list redraws at the refresh rate.
	useEffect(() => {
		if (open !== undefined) return;
		const timer = setInterval(() => setVersion((v) => v + 1), refreshMs);
		return () => clearInterval(timer);
	}, [open, refreshMs]);

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
	return <ListScreen rows={size.rows} title={view.title} columns={view.columns} items={view.rows} status={view.status} color={options.color} />;
}
