import {useEffect, useState} from 'react';
import {describeError} from '../errors.js';
import {fleetSnapshot, type FleetInstance} from '../fleet/fleet.js';
import type {PrometheusClient} from '../fleet/prometheus-client.js';
import {fleetView} from '../live/fleet-view.js';
import type {LiveSession} from '../live/session.js';
import type {ViewOptions} from '../live/view-model.js';
import {ListScreen} from './list-screen.js';
import {LiveApp} from './live-app.js';
import {useListKeys} from './use-list-keys.js';
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
	const size = useTerminalSize();
	const [instances, setInstances] = useState<FleetInstance[]>(first);
	const [error, setError] = useState<string | undefined>();
	const [updated, setUpdated] = useState<string | undefined>();
	const [open, setOpen] = useState<LiveSession | undefined>();
	const selected = useListKeys(instances.length, {active: open === undefined, onOpen: (index) => setOpen(openSession(instances[index]!)), onRedraw});

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
		<ListScreen
			rows={size.rows}
			title={view.title}
			columns={view.columns}
			items={view.rows}
			status={view.status}
			statusIsError={error !== undefined}
			empty={error ? undefined : 'Asking Prometheus…'}
			color={options.color}
		/>
	);
}
