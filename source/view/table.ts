/**
 * @module The lists' columns (the fleet, the targets): what fits the
 * terminal's width, the least telling columns giving way first, the name
 * taking what is left.
 */
import {fit, fitLeft, padStart} from './text.js';

export interface Column<T> {
	readonly id: string;
	readonly title: string;
	readonly width: number;
	readonly value: (row: T) => string;
	/** Text, not a number: aligned left. */
	readonly left?: boolean;
	/** Shown only once the column with this id has given way: a shorter form of it. */
	readonly insteadOf?: string;
}

export interface Table<T> {
	readonly header: string;
	readonly row: (row: T) => string;
}

/**
 * The name column first (cut from the left: the end of an address tells
 * instances apart), then the columns that fit, dropping those in `dropOrder`
 * one by one until the row fits `width` (with two columns for the selection mark).
 */
export function table<T>(width: number, name: {readonly title: string; readonly min: number; readonly max: number; readonly value: (row: T) => string}, all: ReadonlyArray<Column<T>>, dropOrder: readonly string[]): Table<T> {
	const dropped = new Set<string>();
	const chosen = () => all.filter((column) => !dropped.has(column.id) && (column.insteadOf === undefined || dropped.has(column.insteadOf)));
	const needed = () => 2 + name.min + chosen().reduce((sum, column) => sum + 1 + column.width, 0);
	for (const id of dropOrder) if (needed() > width) dropped.add(id);
	const columns = chosen();
	const nameWidth = Math.max(name.min, Math.min(name.max, width - needed() + name.min));
	const cell = (column: Column<T>, text: string) => ' ' + (column.left ? fit(text, column.width) : padStart(text, column.width));
	return {
		header: `  ${fit(name.title, nameWidth)}${columns.map((column) => cell(column, column.title)).join('')}`,
		row: (row) => fitLeft(name.value(row), nameWidth) + columns.map((column) => cell(column, column.value(row))).join(''),
	};
}
