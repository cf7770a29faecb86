import {parseCells} from '../../source/terminal/cells.js';

/**
 * A small terminal for tests: a grid of cells that understands what the frame
 * writer sends (cursor moves, SGR, erase line/screen, CR/LF, synchronized
 * update markers) and nothing else, so anything unexpected fails loudly.
 */
export class Screen {
	readonly chars: string[][];
	readonly styles: string[][];
	private row = 0;
	private column = 0;
	private style = '';

	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		this.chars = Array.from({length: rows}, () => new Array<string>(columns).fill(' '));
		this.styles = Array.from({length: rows}, () => new Array<string>(columns).fill(''));
	}

	write(text: string): void {
		for (let i = 0; i < text.length; ) {
			if (text[i] === '\u001b') {
				const match = /^\u001b\[([?\d;:]*)([A-Za-z])/.exec(text.slice(i));
				if (!match) throw new Error(`unexpected escape at ${JSON.stringify(text.slice(i, i + 12))}`);
				this.control(match[1]!, match[2]!);
				i += match[0].length;
				continue;
			}
			const char = String.fromCodePoint(text.codePointAt(i)!);
			i += char.length;
			if (char === '\r') this.column = 0;
			else if (char === '\n') this.row = Math.min(this.rows - 1, this.row + 1);
			else this.put(char);
		}
	}

	/** Each row as text, trailing blanks trimmed; styled cells as {text|style}. */
	lines(): string[] {
		return this.chars.map((row, r) => {
			let line = '';
			row.forEach((char, c) => {
				const style = this.styles[r]![c]!;
				line += style ? `{${char}|${style}}` : char;
			});
			return line.trimEnd();
		});
	}

	private put(char: string): void {
		if (this.column >= this.columns) throw new Error(`write past the right edge on row ${this.row}`);
		this.chars[this.row]![this.column] = char;
		this.styles[this.row]![this.column] = this.style;
		this.column++;
	}

	private control(parameters: string, final: string): void {
		const numbers = parameters.split(';').map((part) => Number(part || 0));
		if (final === 'm') {
			const current = this.style ? `\u001b[0;${this.style}m` : '';
			this.style = parseCells(`${current}\u001b[${parameters}mx`).styles[0]!;
		} else if (final === 'H') {
			this.row = Math.max(1, numbers[0] || 1) - 1;
			this.column = Math.max(1, numbers[1] || 1) - 1;
			if (this.row >= this.rows || this.column >= this.columns) throw new Error(`cursor moved off screen: ${parameters}`);
		} else if (final === 'K') {
			const from = parameters === '2' ? 0 : this.column;
			for (let c = from; c < this.columns; c++) this.erase(this.row, c);
		} else if (final === 'J' && parameters === '2') {
			for (let r = 0; r < this.rows; r++) for (let c = 0; c < this.columns; c++) this.erase(r, c);
		} else if (!(final === 'h' || final === 'l') || parameters !== '?2026') {
			throw new Error(`unexpected control ${parameters}${final}`);
		}
	}

	private erase(row: number, column: number): void {
		// Terminals erase with the current background: the writer must reset first.
		if (this.style) throw new Error(`erase with style ${this.style} set`);
		this.chars[row]![column] = ' ';
		this.styles[row]![column] = '';
	}
}
