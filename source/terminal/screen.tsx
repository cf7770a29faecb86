/**
 * @module The one Ink component: prints the screen's lines as one text node
 * (one line shorter than the terminal: Ink 6 repaints everything on a frame
 * as tall as the terminal) and hands every key to the app. It decides
 * nothing.
 */
import {Box, Text, useInput, useStdin} from 'ink';
import type {Key} from '../app/state.js';
import type {Line} from '../view/style.js';
import {screenToSgr} from './sgr.js';

export interface ScreenProps {
	readonly lines: readonly Line[];
	readonly columns: number;
	readonly color: boolean;
	readonly onKey: (input: string, key: Key) => void;
}

export function Screen({lines, columns, color, onKey}: ScreenProps) {
	const {isRawModeSupported} = useStdin();
	useInput((input, key) => onKey(input, key), {isActive: isRawModeSupported === true});
	return (
		<Box height={Math.max(1, lines.length)} width={columns}>
			<Text>{screenToSgr(lines, color)}</Text>
		</Box>
	);
}
