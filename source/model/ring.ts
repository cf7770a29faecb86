/**
 * Fixed-size rings: every series leakwatch keeps is one of these, so a
 * dashboard left running for days holds the same memory as after an hour.
 */
export class NumberRing {
	private readonly data: Float64Array;
	private start = 0;
	private size = 0;
	/** Values ever pushed: a position that does not shift when old values fall off. */
	total = 0;

	constructor(readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity ${capacity}`);
		this.data = new Float64Array(capacity);
	}

	get length(): number {
		return this.size;
	}

	push(value: number): void {
		this.total++;
		if (this.size < this.capacity) {
			this.data[(this.start + this.size) % this.capacity] = value;
			this.size++;
		} else {
			this.data[this.start] = value;
			this.start = (this.start + 1) % this.capacity;
		}
	}

	/** i-th oldest value; negative i counts from the newest (-1 = newest). */
	at(i: number): number | undefined {
		const index = i < 0 ? this.size + i : i;
		if (index < 0 || index >= this.size) return undefined;
		return this.data[(this.start + index) % this.capacity];
	}

	last(): number | undefined {
		return this.at(-1);
	}

	/** Oldest first; at most the newest `count` values when given. */
	toArray(count = this.size): number[] {
		const n = Math.min(count, this.size);
		const result = new Array<number>(n);
		for (let i = 0; i < n; i++) result[i] = this.at(this.size - n + i)!;
		return result;
	}

	clear(): void {
		this.start = 0;
		this.size = 0;
	}
}

export class Ring<T> {
	private readonly data: Array<T | undefined>;
	private start = 0;
	private size = 0;

	constructor(readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity ${capacity}`);
		this.data = new Array<T | undefined>(capacity);
	}

	get length(): number {
		return this.size;
	}

	push(value: T): void {
		if (this.size < this.capacity) {
			this.data[(this.start + this.size) % this.capacity] = value;
			this.size++;
		} else {
			this.data[this.start] = value;
			this.start = (this.start + 1) % this.capacity;
		}
	}

	at(i: number): T | undefined {
		const index = i < 0 ? this.size + i : i;
		if (index < 0 || index >= this.size) return undefined;
		return this.data[(this.start + index) % this.capacity];
	}

	last(): T | undefined {
		return this.at(-1);
	}

	toArray(count = this.size): T[] {
		const n = Math.min(count, this.size);
		const result: T[] = [];
		for (let i = this.size - n; i < this.size; i++) result.push(this.at(i)!);
		return result;
	}

	clear(): void {
		this.data.fill(undefined);
		this.start = 0;
		this.size = 0;
	}
}
