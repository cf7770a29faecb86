import {Box, Text, useApp, useInput, useStdin} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {describeError} from '../errors.js';
import {fleetSnapshot, type FleetInstance} from '../fleet/fleet.js';
import type {PrometheusClient} from '../fleet/prometheus-client.js';
import {fleetView} from '../live/fleet-view.js';
import {splitKeys, type Key} from '../live/keys.js';
import type {LiveSession} from '../live/session.js';
import type {ViewOptions} from '../live/view-model.js';
import {LiveApp} from './live-app.js';
import {useTerminalSize} from './use-terminal-size.js';

export interface FleetAppProps {
	client: PrometheusClient;
	selector: string;
	windowMs: number;
	windowText: string;
	refreshMs: number;
	options: ViewOptions;
	/** Opens (and starts polling) the live dashboard's session for an instance. */
	openSession: (instance: FleetInstance) => LiveSession;
	onRedraw?: () => void;
	first?: FleetInstance[];
}

/** The fleet list from Prometheus, and the live dashboard of the instance opened. */
export function FleetApp({client, selector, windowMs, windowText, refreshMs, options, openSession, onRedraw, first = []}: FleetAppProps) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const size = useTerminalSize();
	const [instances, setInstances] = useState<FleetInstance[]>(first);
	const [error, setError] = useState<string | undefined>();
	const [updated, setUpdated] = useState<string | undefined>();
	const [selected, setSelected] = useState(0);
	const selectedNow = useRef(0);
	selectedNow.current = selected;
	const [open, setOpen] = useState<LiveSession | undefined>();

	useEffect(() => {
		let stopped = false;
		const refresh = async () => {
			try {
				const rows = await fleetSnapshot(client, selector, windowMs);
				if (stopped) return;
				setInstances(rows);
				setError(undefined);
				setUpdated(new Date().toTimeString().slice(0, 8));
			} catch (failure) {
				if (!stopped) setError(describeError(failure));
			}
		};
		void refresh();
		const timer = setInterval(() => void refresh(), refreshMs);
		return () => {
			stopped = true;
			clearInterval(timer);
		};
	}, [client, selector, windowMs, refreshMs]);

	const onKey = (input: string, key: Key) => {
		if (input === 'q' || (key.ctrl && input === 'c')) exit();
		else if (input === 'j' || key.downArrow) select(selectedNow.current + 1);
		else if (input === 'k' || key.upArrow) select(selectedNow.current - 1);
		else if (key.return && instances[selectedNow.current]) setOpen(openSession(instances[selectedNow.current]!));
		else if (key.ctrl && input === 'l') onRedraw?.();
	};
	const select = (index: number) => {
		selectedNow.current = Math.max(0, Math.min(instances.length - 1, index));
		setSelected(selectedNow.current);
	};
	useInput(
		(chunk, chunkKey) => {
			for (const [input, key] of splitKeys(chunk, chunkKey)) onKey(input, key);
		},
		{isActive: isRawModeSupported === true && open === undefined},
	);

	if (open) {
		return (
			<LiveApp
				session={open}
				options={options}
				onRedraw={onRedraw}
				refreshMs={2000}
				onBack={() => {
					void open.stop();
					onRedraw?.();
					setOpen(undefined);
				}}
			/>
		);
	}
	const view = fleetView(instances, selected, size, {prometheus: client.config.display, window: windowText, error, updated});
	return (
		<Box height={Math.max(1, size.rows - 1)} flexDirection="column">
			<Text bold wrap="truncate-end">
				{view.title}
			</Text>
			<Text dimColor wrap="truncate-end">
				{view.columns}
			</Text>
			<Box flexDirection="column" flexGrow={1}>
				{instances.length === 0 ? <Text wrap="truncate-end">{error ? '' : 'Asking Prometheus…'}</Text> : null}
				{view.rows.map((row, i) => (
					<Text key={i} wrap="truncate-end" inverse={row.selected} bold={row.alert} color={options.color && row.alert && !row.selected ? 'yellow' : undefined}>
						{row.text}
					</Text>
				))}
			</Box>
			<Text dimColor={!error} color={options.color && error ? 'red' : undefined} wrap="truncate-end">
				{view.status}
			</Text>
		</Box>
	);
}
