/**
 * A module-loading hook (node:module register) that bounds Ink 6.8's text
 * measurement cache. Ink keeps the size of every distinct string it has ever
 * laid out in a Map that is never cleared; a dashboard whose numbers change
 * every second would grow by tens of megabytes an hour. The hook rewrites that
 * one module as it loads so the cache is emptied when it gets large. If Ink's
 * source no longer matches, the module loads unchanged.
 */
interface LoadResult {
	format?: string;
	source?: string | ArrayBuffer | Uint8Array;
	shortCircuit?: boolean;
}
type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;

const TARGET = /\/ink\/build\/measure-text\.js$/;
const STORE = 'cache.set(text, dimensions);';
const BOUNDED = 'if (cache.size >= 2000) cache.clear(); cache.set(text, dimensions);';

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
	const result = await nextLoad(url, context);
	if (!TARGET.test(url) || result.source === undefined) return result;
	const source = typeof result.source === 'string' ? result.source : Buffer.from(result.source as Uint8Array).toString('utf8');
	return source.includes(STORE) ? {...result, source: source.replace(STORE, BOUNDED)} : result;
}
