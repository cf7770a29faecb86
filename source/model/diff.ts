/**
 * @module Offline diff of two profiles, the way `go tool pprof -top -diff_base BASE
 * CURRENT` computes it: a function's delta is its flat value (samples whose
 * leaf frame is that function) in CURRENT minus the same in BASE.
 */
import {groupNameIndex} from '../decode/go-names.js';
import {stackOf, type Frame, type LeafTotals, type Profile} from '../decode/profile.js';
import {LeakwatchError} from '../errors.js';

export type Granularity = 'functions' | 'lines';

export interface DiffSite {
	readonly function: string;
	readonly file: string;
	readonly line: number;
	readonly base: number;
	readonly current: number;
	readonly delta: number;
}

export interface DiffResult {
	readonly sampleType: string;
	readonly unit: string;
	readonly totalDelta: number;
	readonly sites: DiffSite[];
}

interface Accumulator {
	function: string;
	base: number;
	current: number;
	/** Per file:line contributions, to name the line that moved most. */
	lines: Map<string, {file: string; line: number; delta: number}>;
}

/** The sample type to diff: the one asked for, else the current profile's default. Both must have it. */
export function resolveSampleType(base: LeafTotals, current: LeafTotals, requested: string | undefined): {index: number; baseIndex: number} {
	const type = requested ?? current.sampleTypes[current.defaultSampleIndex]?.type;
	const index = current.sampleTypes.findIndex((vt) => vt.type === type);
	const baseIndex = base.sampleTypes.findIndex((vt) => vt.type === type);
	if (index < 0 || baseIndex < 0) {
		const shared = current.sampleTypes.filter((vt) => base.sampleTypes.some((other) => other.type === vt.type)).map((vt) => vt.type);
		if (shared.length === 0) {
			throw new LeakwatchError('usage', `the two files are different kinds of profile (BASE has ${typesOf(base)}, CURRENT has ${typesOf(current)}): diff two heap or two goroutine profiles`);
		}
		throw new LeakwatchError('usage', `sample type "${type ?? ''}" is not in both profiles (available: ${shared.join(', ')})`);
	}
	return {index, baseIndex};
}

function typesOf(profile: LeafTotals): string {
	return profile.sampleTypes.map((vt) => vt.type).join(', ') || 'no sample types';
}

/**
 * A goroutine profile's totals by the frame the dashboard names each group by
 * (the user's function where it waits, else the first frame outside the
 * runtime and the standard library's waiting primitives): every goroutine's
 * leaf is runtime.gopark, which says nothing about whose they are.
 */
export function goroutineTotals(profile: Profile): LeafTotals {
	const k = profile.sampleTypes.length;
	const byFrame = new Map<string, {frame: Frame; values: number[]}>();
	const totals = new Array<number>(k).fill(0);
	for (let i = 0; i < profile.sampleCount; i++) {
		for (let v = 0; v < k; v++) totals[v]! += profile.values[i * k + v]!;
		const stack = stackOf(profile, i);
		if (stack.length === 0) continue;
		const frame = stack[groupNameIndex(stack)]!;
		const key = `${frame.function}\u0000${frame.file}\u0000${frame.line}`;
		let leaf = byFrame.get(key);
		if (!leaf) byFrame.set(key, (leaf = {frame, values: new Array<number>(k).fill(0)}));
		for (let v = 0; v < k; v++) leaf.values[v]! += profile.values[i * k + v]!;
	}
	return {...profile, leaves: [...byFrame.values()], totals};
}

export function diffProfiles(base: LeafTotals, current: LeafTotals, requested: string | undefined, granularity: Granularity = 'functions'): DiffResult {
	const {index, baseIndex} = resolveSampleType(base, current, requested);
	const sites = new Map<string, Accumulator>();
	accumulate(base, baseIndex, -1, sites, granularity);
	accumulate(current, index, 1, sites, granularity);

	const result: DiffSite[] = [];
	for (const acc of sites.values()) {
		const delta = acc.current - acc.base;
		if (delta === 0) continue;
		let where: {file: string; line: number; delta: number} | undefined;
		for (const line of acc.lines.values()) if (!where || Math.abs(line.delta) > Math.abs(where.delta)) where = line;
		result.push({function: acc.function, file: where?.file ?? '', line: where?.line ?? 0, base: acc.base, current: acc.current, delta});
	}
	result.sort((a, b) => b.delta - a.delta || (a.function < b.function ? -1 : a.function > b.function ? 1 : a.line - b.line));
	const vt = current.sampleTypes[index]!;
	return {sampleType: vt.type, unit: vt.unit, totalDelta: current.totals[index]! - base.totals[baseIndex]!, sites: result};
}

function accumulate(profile: LeafTotals, valueIndex: number, sign: 1 | -1, sites: Map<string, Accumulator>, granularity: Granularity): void {
	for (const {frame, values} of profile.leaves) {
		const value = values[valueIndex]!;
		if (value === 0) continue;
		const key = granularity === 'functions' ? frame.function : `${frame.function}\u0000${frame.file}\u0000${frame.line}`;
		let acc = sites.get(key);
		if (!acc) {
			acc = {function: frame.function, base: 0, current: 0, lines: new Map()};
			sites.set(key, acc);
		}
		if (sign > 0) acc.current += value;
		else acc.base += value;
		const lineKey = `${frame.file}\u0000${frame.line}`;
		let line = acc.lines.get(lineKey);
		if (!line) {
			line = {file: frame.file, line: frame.line, delta: 0};
			acc.lines.set(lineKey, line);
		}
		line.delta += sign * value;
	}
}
