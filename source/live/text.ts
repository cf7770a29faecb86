/**
 * Fixed-width text for terminal columns. Names are sanitised long before they
 * get here; these only cut and pad.
 */
export function fit(text: string, width: number): string {
	if (width <= 0) return '';
	const chars = [...text];
	if (chars.length > width) return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
	return text + ' '.repeat(width - chars.length);
}

/** Cut from the left, keeping the end (file paths: the file name matters most). */
export function fitLeft(text: string, width: number): string {
	if (width <= 0) return '';
	const chars = [...text];
	if (chars.length > width) return `…${chars.slice(chars.length - width + 1).join('')}`;
	return text + ' '.repeat(width - chars.length);
}

export function padStart(text: string, width: number): string {
	const length = [...text].length;
	if (length >= width) return [...text].slice(0, width).join('');
	return ' '.repeat(width - length) + text;
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** A tiny trend: the last `width` values as block characters, scaled to their own range. */
export function sparkline(values: readonly number[], width: number): string {
	const points = resample(values.filter(Number.isFinite), width);
	if (points.length === 0) return ' '.repeat(width);
	const min = Math.min(...points);
	const max = Math.max(...points);
	let line = '';
	// Indexed: a for-of makes an iterator result per point in V8's baseline tier.
	for (let i = 0; i < points.length; i++) line += max === min ? BLOCKS[0] : BLOCKS[Math.round(((points[i]! - min) / (max - min)) * (BLOCKS.length - 1))];
	return padStart(line, width);
}

/** At most `count` points: the newest ones, or buckets averaged when there are more. */
export function resample(values: readonly number[], count: number): number[] {
	if (count <= 0) return [];
	if (values.length <= count) return [...values];
	const result: number[] = [];
	const step = values.length / count;
	for (let i = 0; i < count; i++) {
		const from = Math.floor(i * step);
		const to = Math.max(from + 1, Math.floor((i + 1) * step));
		let sum = 0;
		let n = 0;
		for (let j = from; j < to; j++) {
			if (Number.isFinite(values[j]!)) {
				sum += values[j]!;
				n++;
			}
		}
		result.push(n > 0 ? sum / n : Number.NaN);
	}
	return result;
}

/** File name and line, the short form for lists. */
export function shortLocation(file: string, line: number): string {
	const name = file.split('/').pop() ?? file;
	return line > 0 ? `${name}:${line}` : name;
}
