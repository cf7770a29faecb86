import {Box, Text} from 'ink';
import {frameRows, screenLines} from '../live/screen-lines.js';
import type {ScreenView} from '../live/view-model.js';

/**
 * Prints a ScreenView: its rows, styled and cut to width (screen-lines.ts),
 * as one text node. The root is one line shorter than the terminal (a frame
 * as tall as the terminal makes Ink 6 repaint everything on every update).
 */
export function Screen({view, color}: {view: ScreenView; color: boolean}) {
	return (
		<Box height={frameRows(view.size.rows)} width={view.size.columns}>
			<Text>{screenLines(view, color).join('\n')}</Text>
		</Box>
	);
}
