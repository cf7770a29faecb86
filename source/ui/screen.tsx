import {Box, Text} from 'ink';
import type {ScreenView} from '../live/view-model.js';

/** Trailing blanks cost Ink as much as text on every refresh, and the terminal shows nothing for them. */
const trim = (line: string) => line.trimEnd();

/**
 * Prints a ScreenView. No logic beyond colour: every line arrives cut to
 * width, and the root is one line shorter than the terminal (a frame as tall
 * as the terminal makes Ink 6 repaint everything on every update).
 */
export function Screen({view, color}: {view: ScreenView; color: boolean}) {
	const height = Math.max(1, view.size.rows - 1);
	if (view.tooSmall) {
		return (
			<Box height={height} flexDirection="column">
				<Text wrap="truncate-end">{view.tooSmall}</Text>
			</Box>
		);
	}
	const {header, body, status} = view;
	return (
		<Box height={height} width={view.size.columns} flexDirection="column">
			<Box>
				<Text bold wrap="truncate-end">
					{header.left}
				</Text>
				<Text> </Text>
				<Text wrap="truncate-end" inverse={header.paused} color={color && !header.paused ? 'green' : undefined}>
					{header.right}
				</Text>
			</Box>
			<Text wrap="truncate-end" color={color && header.line2IsError ? 'red' : undefined} dimColor={!header.line2IsError}>
				{header.line2}
			</Text>
			<Box flexDirection="row" gap={2}>
				{view.plots.map((plot, i) => (
					<Box key={i} flexDirection="column" width={plot.width}>
						<Text bold wrap="truncate-end" inverse={plot.alarm} color={color && plot.alarm ? 'red' : undefined}>
							{plot.title}
						</Text>
						{/* One text node per plot: far less for React and Ink to lay out each refresh. */}
						<Text wrap="truncate-end">{plot.lines.map(trim).join('\n')}</Text>
					</Box>
				))}
			</Box>
			<Box flexDirection="column" flexGrow={1}>
				<Text inverse wrap="truncate-end">
					{body.title}
				</Text>
				{body.columns ? (
					<Text dimColor wrap="truncate-end">
						{body.columns}
					</Text>
				) : null}
				{body.intro ? <Text wrap="truncate-end">{body.intro.map(trim).join('\n')}</Text> : null}
				{body.chart ? <Text wrap="truncate-end">{body.chart.map(trim).join('\n')}</Text> : null}
				{body.lines ? <Text wrap="truncate-end">{body.lines.map(trim).join('\n')}</Text> : null}
				{body.rows.map((row, i) => (
					<Text key={`r${i}`} wrap="truncate-end" inverse={row.selected} bold={row.steady} color={color && row.steady && !row.selected ? 'yellow' : undefined}>
						{row.selected ? row.text : trim(row.text)}
					</Text>
				))}
			</Box>
			<Box>
				<Text dimColor wrap="truncate-end">
					{status.left}
				</Text>
				{status.right ? (
					<Text wrap="truncate-end" color={color ? (status.level === 'info' ? 'green' : status.level === 'warn' ? 'yellow' : 'red') : undefined}>
						{status.right}
					</Text>
				) : null}
			</Box>
		</Box>
	);
}
