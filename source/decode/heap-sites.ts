/**
 * @module A heap profile as allocation sites. A site is a function where
 * memory is allocated (the leaf of a sample's stack, pprof's default
 * granularity), and when that function is not the program's own (bufio,
 * net/http, context…), the first function of the user's program that led
 * there: `bufio.NewReaderSize ← main.pollUpstream` and
 * `bufio.NewReaderSize ← net/http.(*conn).serve` are different stories, and
 * a leak in one would drown in the other. Samples that differ only by object
 * size or by the path between the two are summed; the leaf lines are kept
 * (the one that moved most is shown beside the site).
 */
import {isAllocator, isRuntime, isUserFrame, siteName, type Frame} from './go-names.js';
import {countVariance} from './sampling.js';
import {readProfile, type DecodeOptions, type ProfileHeader, type ResolvedProfile, type SampleStream} from './profile.js';

export interface HeapSite {
	readonly key: string;
	/** The leaf: where the allocation happens. */
	readonly function: string;
	readonly file: string;
	/**
	 * When the leaf is not the user's code: the first frame of the user's
	 * program under it, or with none, the function its goroutine started with.
	 */
	readonly caller?: Frame;
	/** The leaf's own caller, when it is not the user frame. */
	readonly via?: string;
	readonly name: string;
	/** One value per sample type. */
	readonly values: readonly number[];
	/** The leaf's lines, largest first (at most MAX_LINES). */
	readonly lines: ReadonlyArray<{readonly line: number; readonly values: readonly number[]}>;
	/**
	 * The sampling variance of its object count, per object allocated, over the
	 * sizes it allocates (countVariance). A site that allocates 4 KiB buffers and
	 * 32-byte structs counts its objects far less surely than their mean size
	 * says: one sampled struct stands for hundreds.
	 */
	readonly objectNoise?: number;
}

export interface HeapSummary extends ProfileHeader {
	/** Over every sample. */
	readonly totals: readonly number[];
	readonly sites: readonly HeapSite[];
	/** Sites left out beyond MAX_SITES, summed. */
	readonly omitted: {readonly count: number; readonly values: readonly number[]};
}

/** More allocation sites than a real service has; a profile with more keeps its largest (by every sample type). */
export const MAX_SITES = 4000;
const MAX_LINES = 8;

export function summarizeHeap(bytes: Uint8Array, options: DecodeOptions): Promise<HeapSummary> {
	return readProfile(bytes, options, collectHeapSites);
}

interface Accumulator {
	key: string;
	leaf: Frame;
	caller: Frame | undefined;
	via: string | undefined;
	values: number[];
	lines: Map<number, number[]>;
	/** Σ countVariance × objects allocated, over its samples. */
	objectVariance: number;
}

export function collectHeapSites(profile: ResolvedProfile, samples: SampleStream): HeapSummary {
	const k = profile.header.sampleTypes.length;
	const totals = new Array<number>(k).fill(0);
	const sites = new Map<string, Accumulator>();
	const siteOf = siteFinder(profile);
	const type = (name: string) => profile.header.sampleTypes.findIndex((vt) => vt.type === name);
	const allocObjects = type('alloc_objects');
	const allocSpace = type('alloc_space');
	const period = profile.header.period;
	samples((locations, depth, values) => {
		for (let v = 0; v < k; v++) totals[v]! += values[v]!;
		if (depth === 0) return;
		const found = siteOf(locations, depth);
		let site = sites.get(found.key);
		if (!site) {
			const frames = found.caller ? frameAfter(profile, locations, depth, found.leaf) : undefined;
			site = {...found, via: frames && frames.function !== found.caller?.function ? frames.function : undefined, values: new Array<number>(k).fill(0), lines: new Map(), objectVariance: 0};
			sites.set(found.key, site);
		}
		let line = site.lines.get(found.leaf.line);
		if (!line) site.lines.set(found.leaf.line, (line = new Array<number>(k).fill(0)));
		for (let v = 0; v < k; v++) {
			site.values[v]! += values[v]!;
			line[v]! += values[v]!;
		}
		// A sample is one size of object (Go keeps a bucket per stack and size): its bytes over its count.
		const count = allocObjects >= 0 ? values[allocObjects]! : 0;
		if (period > 0 && allocSpace >= 0 && count > 0) site.objectVariance += countVariance(values[allocSpace]! / count, period) * count;
	});
	const kept = largest([...sites.values()], k, MAX_SITES);
	const keptSet = new Set(kept);
	const omitted = {count: sites.size - kept.length, values: new Array<number>(k).fill(0)};
	for (const site of sites.values()) if (!keptSet.has(site)) for (let v = 0; v < k; v++) omitted.values[v]! += site.values[v]!;
	const inuse = profile.header.sampleTypes.findIndex((vt) => vt.type === 'inuse_space');
	const byLine = inuse >= 0 ? inuse : profile.header.defaultSampleIndex;
	return {
		...profile.header,
		totals,
		omitted,
		sites: kept.map((site) => ({
			key: site.key,
			function: site.leaf.function,
			file: site.leaf.file,
			caller: site.caller,
			via: site.via,
			name: siteName(site.leaf.function, site.via, site.caller?.function),
			values: site.values,
			...(site.objectVariance > 0 && site.values[allocObjects]! > 0 ? {objectNoise: site.objectVariance / site.values[allocObjects]!} : {}),
			lines: [...site.lines]
				.map(([line, values]) => ({line, values}))
				.sort((a, b) => Math.abs(b.values[byLine]!) - Math.abs(a.values[byLine]!) || a.line - b.line)
				.slice(0, MAX_LINES),
		})),
	};
}

/**
 * For one profile: which site a sample belongs to. What decides it is looked
 * up once per location (its leaf past the allocator's frames, its frame of the
 * user's program), and a site once per pair of locations: a sample costs a
 * walk up its stack, not string work.
 */
export function siteFinder(profile: ResolvedProfile): (locations: Int32Array, depth: number) => Found {
	const locationCount = profile.tables.lineStart.length - 1;
	// Per location: undefined = not looked at yet, null = none.
	const leafIn: Array<Frame | null | undefined> = [];
	const userIn: Array<Frame | null | undefined> = [];
	const found = new Map<number, Found>();
	const leafOfLocation = (location: number): Frame | null => {
		let frame = leafIn[location];
		if (frame === undefined) {
			frame = profile.framesOf(location).find((f) => !isAllocator(f.function)) ?? null;
			leafIn[location] = frame;
		}
		return frame;
	};
	const userOfLocation = (location: number): Frame | null => {
		let frame = userIn[location];
		if (frame === undefined) {
			frame = profile.framesOf(location).find(isUserFrame) ?? null;
			userIn[location] = frame;
		}
		return frame;
	};
	return (locations, depth) => {
		let leafDepth = 0;
		while (leafDepth < depth && leafOfLocation(locations[leafDepth]!) === null) leafDepth++;
		// Every frame the allocator's own: the innermost stands for the site.
		const leafLocation = leafDepth < depth ? locations[leafDepth]! : locations[0]!;
		const leaf = leafDepth < depth ? leafOfLocation(leafLocation)! : profile.leafOf(leafLocation);
		const userLeaf = isUserFrame(leaf);
		let callerDepth = -1;
		if (!userLeaf) for (let d = 0; d < depth && callerDepth < 0; d++) if (userOfLocation(locations[d]!)) callerDepth = d;
		// No frame of the user's program at all (rare: the runtime's own stacks): the function the goroutine started with.
		if (!userLeaf && callerDepth < 0) return foundSite(leaf, entryOf(profile, locations, depth));
		const memo = leafLocation * (locationCount + 1) + (userLeaf ? 0 : locations[callerDepth]! + 1);
		let site = found.get(memo);
		if (!site) {
			site = foundSite(leaf, userLeaf ? undefined : userOfLocation(locations[callerDepth]!)!);
			found.set(memo, site);
		}
		return site;
	};
}

function foundSite(leaf: Frame, caller: Frame | undefined): Found {
	const by = caller?.function === leaf.function ? undefined : caller;
	return {key: by ? `${leaf.function}\u0000${by.function}` : leaf.function, leaf, caller: by};
}

interface Found {
	readonly key: string;
	readonly leaf: Frame;
	readonly caller: Frame | undefined;
}

/** The outermost frame outside the runtime (runtime.goexit and friends sit below it). */
function entryOf(profile: ResolvedProfile, locations: Int32Array, depth: number): Frame | undefined {
	for (let d = depth - 1; d >= 0; d--) {
		const frames = profile.framesOf(locations[d]!);
		for (let f = frames.length - 1; f >= 0; f--) if (!isRuntime(frames[f]!.function)) return frames[f];
	}
	return undefined;
}

/** The frame after the leaf (the leaf's caller), across inlined frames and locations. */
function frameAfter(profile: ResolvedProfile, locations: Int32Array, depth: number, leaf: Frame): Frame | undefined {
	let seen = false;
	for (let d = 0; d < depth; d++) {
		for (const frame of profile.framesOf(locations[d]!)) {
			if (seen) return frame;
			if (frame === leaf) seen = true;
		}
	}
	return undefined;
}

/**
 * At most `max` entries: all of them when they fit, else the largest by each
 * value in turn (so a site small in bytes but large in objects stays).
 */
export function largest<T extends {values: readonly number[]}>(items: T[], k: number, max: number): T[] {
	if (items.length <= max) return items;
	const chosen = new Set<T>();
	const perValue = Math.max(1, Math.floor(max / Math.max(1, k)));
	for (let v = 0; v < k; v++) {
		const sorted = [...items].sort((a, b) => Math.abs(b.values[v]!) - Math.abs(a.values[v]!));
		for (const item of sorted.slice(0, perValue)) chosen.add(item);
	}
	return [...chosen].slice(0, max);
}
