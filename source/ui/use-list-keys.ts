import {useApp, useInput, useStdin} from 'ink';
import {useRef, useState} from 'react';
import {splitKeys, type Key} from '../live/keys.js';

/**
 * Keys of a list screen (targets, fleet): j/k and arrows move, Enter opens,
 * q and Ctrl-C quit, Ctrl-L redraws. Returns the selected index. Inactive while
 * the list is covered (a dashboard is open).
 */
export function useListKeys(count: number, options: {active: boolean; onOpen: (index: number) => void; onRedraw?: () => void}): number {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const [selected, setSelected] = useState(0);
	// Keys in one chunk act in turn: they read the selection the previous one left.
	const selectedNow = useRef(0);
	selectedNow.current = Math.min(selected, Math.max(0, count - 1));
	const select = (index: number) => {
		selectedNow.current = Math.max(0, Math.min(count - 1, index));
		setSelected(selectedNow.current);
	};
	const onKey = (input: string, key: Key) => {
		if (input === 'q' || (key.ctrl && input === 'c')) exit();
		else if (input === 'j' || key.downArrow) select(selectedNow.current + 1);
		else if (input === 'k' || key.upArrow) select(selectedNow.current - 1);
		else if (key.return && count > 0) options.onOpen(selectedNow.current);
		else if (key.ctrl && input === 'l') options.onRedraw?.();
	};
	useInput(
		(chunk, chunkKey) => {
			for (const [input, key] of splitKeys(chunk, chunkKey)) onKey(input, key);
		},
		{isActive: isRawModeSupported === true && options.active},
	);
	return selectedNow.current;
}
