/**
 * @module The one Ink component: it reads the keyboard (raw mode, escape
 * sequences, paste) and hands every key to the app. It draws nothing: the
 * screen's rows are already laid out, cut and styled by the view, and go
 * straight to the frame writer. Through Ink, each redraw was measured and
 * re-tokenised cell by cell again — 20 ms a frame, more than everything else
 * the dashboard does (docs/performance.md).
 */
import {useInput, useStdin} from 'ink';
import type {Key} from '../app/state.js';

export interface ScreenProps {
	readonly onKey: (input: string, key: Key) => void;
}

export function Screen({onKey}: ScreenProps) {
	const {isRawModeSupported} = useStdin();
	useInput((input, key) => onKey(input, key), {isActive: isRawModeSupported === true});
	return null;
}
