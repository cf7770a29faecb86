/**
 * @module The whole screen as a pure function of the app state: exactly one
 * line per frame row, each exactly as wide as the terminal.
 */
import {currentTarget} from '../app/selectors.js';
import type {App} from '../app/state.js';
import {dashboardScreen} from './dashboard.js';
import {fleetScreen} from './fleet.js';
import {MIN_SIZE} from './layout.js';
import {fitLine, span, type Line} from './style.js';
import {targetsScreen} from './targets.js';

export function view(app: App): Line[] {
	const {columns, rows} = app.size;
	const frameRows = Math.max(1, rows - 1);
	let lines: Line[];
	if (columns < MIN_SIZE.columns || rows < MIN_SIZE.rows) {
		lines = wrapWords(`terminal too small: ${columns}x${rows}, leakwatch needs ${MIN_SIZE.columns}x${MIN_SIZE.rows}`, columns).map((text) => [span(text)]);
	} else if (app.screen.kind === 'targets') {
		lines = targetsScreen(app);
	} else if (app.screen.kind === 'fleet') {
		lines = fleetScreen(app);
	} else {
		const target = currentTarget(app);
		lines = target ? dashboardScreen(app, target) : [[span('no target')]];
	}
	const result = lines.slice(0, frameRows).map((line) => fitLine(line, columns));
	while (result.length < frameRows) result.push(fitLine([], columns));
	return result;
}

/** Our own message (no wide characters) in lines of at most width columns, broken at spaces. */
function wrapWords(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = '';
		}
		line = line ? `${line} ${word}` : word;
		while (line.length > width) {
			lines.push(line.slice(0, width));
			line = line.slice(width);
		}
	}
	return [...lines, line];
}
