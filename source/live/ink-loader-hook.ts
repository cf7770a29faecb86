import {isPatched, patchSource, swapFor} from './ink-swaps.js';

/**
 * A module-loading hook (node:module register) that applies ink-swaps.ts when
 * Ink is loaded from source rather than from the built dist/leakwatch.cjs, where
 * the build has applied them already.
 */
interface LoadResult {
	format?: string;
	source?: string | ArrayBuffer | Uint8Array;
	shortCircuit?: boolean;
}
type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;
interface ResolveContext {
	parentURL?: string;
}
interface ResolveResult {
	url: string;
	format?: string;
	shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<ResolveResult>;

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
	const swap = swapFor(specifier, context.parentURL ?? '');
	// Resolved as if imported from here, so it also works from source under tsx.
	return swap ? nextResolve(swap.replacement, {...context, parentURL: import.meta.url}) : nextResolve(specifier, context);
}

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
	const result = await nextLoad(url, context);
	if (result.source === undefined || !isPatched(url)) return result;
	const source = typeof result.source === 'string' ? result.source : Buffer.from(result.source as Uint8Array).toString('utf8');
	return {...result, source: patchSource(url, source).source};
}
