/**
 * Fixed-size rings: every series leakwatch keeps is one of these, so a
 * dashboard left running for days holds the same memory as after an hour.
 */
class BaseRing<T> {
	private start = 0;
	private size = 0;
	/** Values ever pushed: a position that does not shift when old values fall off. */
	total = 0;

	protected constructor(
		readonly capacity: number,
		private readonly data: {[index: number]: T},
	) {}

	get length(): number {
		return this.size;
	}

	push(value: T): void {
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
	at(i: number): T | undefined {
		const index = i < 0 ? this.size + i : i;
		if (index < 0 || index >= this.size) return undefined;
		return this.data[(this.start + index) % this.capacity];
	}

	last(): T | undefined {
		return this.at(-1);
	}

	/** Oldest first; at most the newest `count` values when given. */
	toArray(count = this.size): T[] {
		const n = Math.min(count, this.size);
		const result = new Array<T>(n);
		for (let i = 0; i < n; i++) result[i] = this.at(this.size - n + i)!;
		return result;
	}
}

function checkCapacity(capacity: number): number {
	if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity ${capacity}`);
	return capacity;
}

/** Numbers, in one preallocated Float64Array. */
export class NumberRing extends BaseRing<number> {
	constructor(capacity: number) {
		super(checkCapacity(capacity), new Float64Array(capacity));
	}
}

export class Ring<T> extends BaseRing<T> {
	constructor(capacity: number) {
		super(checkCapacity(capacity), new Array<T>(capacity));
	}
}
