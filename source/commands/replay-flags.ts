import {usage, type RawFlags} from '../cli-options.js';

export async function replayFromFlags(_args: string[], _flags: RawFlags): Promise<number> {
	throw usage('the live dashboard is not built yet; use leakwatch check or leakwatch diff');
}
