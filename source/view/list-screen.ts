/**
 * @module A full-screen list of many rows (the targets, a fleet of thousands):
 * the title, the column names and the totals always visible; only the rows
 * that fit are drawn, scrolled to keep the selection in view.
 */
import {selectedPosition} from '../app/selectors.js';
import type {App} from '../app/state.js';
import type {KeyHelp} from '../app/keys.js';
import {fitLine, span, type Line, type Style} from './style.js';
import {helpWindow, keyLines} from './help.js';

export interface ListRow {
	readonly key: string;
	readonly text: string;
	readonly style?: Style;
}

export interface ListScreenInput {
	readonly title: string;
	readonly columns: string;
	readonly rows: readonly ListRow[];
	/** Under the rows: what is left out, totals. */
	readonly footer?: string;
	readonly status: string;
	readonly statusStyle?: Style;
	/** Shown when there is no row. */
	readonly empty: string;
	readonly keys: readonly KeyHelp[];
}

export function listScreen(app: App, input: ListScreenInput): Line[] {
	const {columns: width} = app.size;
	const frameRows = Math.max(1, app.size.rows - 1);
	const lines: Line[] = [fitLine([span(input.title, {bold: true})], width), fitLine([span(input.columns, {dim: true})], width)];
	const room = Math.max(1, frameRows - 3 - (input.footer ? 1 : 0));
	const body: Line[] = [];
	if (app.list.help) {
		body.push(...helpWindow(keyLines(input.keys, width), width, room, 0));
	} else if (input.rows.length === 0) {
		body.push([span(app.list.filter ? `nothing matches "${app.list.filter}"` : input.empty, {dim: true})]);
	} else {
		const selected = selectedPosition(app.list, input.rows.map((row) => row.key));
		const first = Math.max(0, Math.min(selected - Math.floor(room / 2), input.rows.length - room));
		input.rows.slice(first, first + room).forEach((row, i) => {
			const isSelected = first + i === selected;
			const style = isSelected ? {...row.style, inverse: true} : row.style;
			body.push([span(`${isSelected ? '›' : ' '} ${row.text}`, style)]);
		});
	}
	for (let i = 0; i < room; i++) lines.push(fitLine(body[i] ?? [span('')], width));
	if (input.footer) lines.push(fitLine([span(input.footer, {dim: true})], width));
	const status = app.list.filterDraft !== undefined ? `/ ${app.list.filterDraft}█  (enter apply · esc cancel)` : input.status;
	lines.push(fitLine([span(status, input.statusStyle ?? {dim: true})], width));
	return lines.slice(0, frameRows);
}
