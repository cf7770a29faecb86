// The best of `runs` timings of fn, in milliseconds (the least disturbed run on a noisy machine).
export async function best(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
	let result = Number.POSITIVE_INFINITY;
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await fn();
		result = Math.min(result, performance.now() - started);
	}
	return result;
}
