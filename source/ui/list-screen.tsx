import {Box, Text} from 'ink';
import {frameRows} from '../live/screen-lines.js';

/** A full-screen list (targets, fleet): title, column names, rows, status line. Prints; decides nothing. */
export interface ListScreenProps {
	rows: number;
	title: string;
	columns: string;
	items: ReadonlyArray<{text: string; selected: boolean; alert: boolean}>;
	status: string;
	statusIsError?: boolean;
	/** Shown when there are no items yet. */
	empty?: string;
	color: boolean;
}

export function ListScreen({rows, title, columns, items, status, statusIsError = false, empty, color}: ListScreenProps) {
	return (
		<Box height={frameRows(rows)} flexDirection="column">
			<Text bold wrap="truncate-end">
				{title}
			</Text>
			<Text dimColor wrap="truncate-end">
				{columns}
			</Text>
			<Box flexDirection="column" flexGrow={1}>
				{items.length === 0 && empty ? <Text wrap="truncate-end">{empty}</Text> : null}
				{items.map((item, i) => (
					<Text key={i} wrap="truncate-end" inverse={item.selected} bold={item.alert} color={color && item.alert && !item.selected ? 'yellow' : undefined}>
						{item.text}
					</Text>
				))}
			</Box>
			<Text dimColor={!statusIsError} color={color && statusIsError ? 'red' : undefined} wrap="truncate-end">
				{status}
			</Text>
		</Box>
	);
}
