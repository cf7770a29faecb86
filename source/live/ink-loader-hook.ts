/**
 * A module-loading hook (node:module register), installed before Ink loads,
 * that works around two costs of Ink 6.8 in a dashboard that runs for days:
 *
 * - Ink keeps the size of every distinct string it has ever laid out in a Map
 *   that is never cleared; numbers that change every second would grow it by
 *   tens of megabytes an hour. `load` rewrites that one module so the cache is
 *   emptied when it gets large (unchanged if Ink's source no longer matches).
 * - Ink's output buffer costs two thirds of every redraw, and measuring text
 *   (string-width, once per text node per redraw) most of the rest. `resolve`
 *   hands Ink our equivalents, which remember lines they have seen
 *   (ink-output.ts, ink-widest-line.ts).
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

const MEASURE_TEXT = /\/ink\/build\/measure-text\.js$/;
const STORE = 'cache.set(text, dimensions);';
const BOUNDED = 'if (cache.size >= 2000) cache.clear(); cache.set(text, dimensions);';
const RENDERER = /\/ink\/build\/renderer\.js$/;
const MEASURES = /\/ink\/build\/(measure-text|render-node-to-output)\.js$/;

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
	// Resolved as if imported from here, so it also works from source under tsx.
	const parent = context.parentURL ?? '';
	if (specifier === './output.js' && RENDERER.test(parent)) return nextResolve('./ink-output.js', {...context, parentURL: import.meta.url});
	if (specifier === 'widest-line' && MEASURES.test(parent)) return nextResolve('./ink-widest-line.js', {...context, parentURL: import.meta.url});
	return nextResolve(specifier, context);
}

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
	const result = await nextLoad(url, context);
	if (!MEASURE_TEXT.test(url) || result.source === undefined) return result;
	const source = typeof result.source === 'string' ? result.source : Buffer.from(result.source as Uint8Array).toString('utf8');
	return source.includes(STORE) ? {...result, source: source.replace(STORE, BOUNDED)} : result;
}
