/**
 * @module The /debug/pprof/ index page lists every profile with a count. The
 * goroutine count there is runtime.NumGoroutine(): the cheapest way to
 * follow goroutines, since expvar does not publish it. Newer Go versions add
 * profiles, so the list is read as it comes.
 */
import {LeakwatchError} from '../errors.js';
import {safeText} from './sanitize.js';

export type ProfileCounts = ReadonlyMap<string, number>;

const ROW = /<tr>\s*<td>\s*(\d+)\s*<\/td>\s*<td>\s*<a\s+href=['"]?([^'"?>\s]+)/gi;

export function decodeIndex(html: string, what: string): ProfileCounts {
	const counts = new Map<string, number>();
	for (const match of html.matchAll(ROW)) counts.set(safeText(match[2]!), Number(match[1]));
	if (counts.size === 0) {
		throw new LeakwatchError('bad-content', `${what} is not the net/http/pprof index page (no profile table found)`);
	}
	return counts;
}
