/**
 * @module How a Go engineer reads a frame: which package it is in, whether it
 * is the runtime, the standard library, a dependency or the program itself,
 * and which frame of a stack to name it by. Pure string rules on names as Go
 * prints them ("net/http.(*Transport).dialConn", "main.(*store).add[...]").
 */
export interface Frame {
	readonly function: string;
	readonly file: string;
	readonly line: number;
}

/** "net/http.(*Transport).dialConn" → "net/http"; "main.main" → "main". */
export function packageOf(name: string): string {
	const slash = name.lastIndexOf('/', firstBracket(name));
	const dot = name.indexOf('.', slash + 1);
	return dot < 0 ? name : name.slice(0, dot);
}

/** Generic instantiations ("pkg.F[...]") may hold slashes and dots inside brackets. */
function firstBracket(name: string): number {
	const bracket = name.indexOf('[');
	return bracket < 0 ? name.length : bracket;
}

export function isRuntime(name: string): boolean {
	const pkg = packageOf(name);
	return pkg === 'runtime' || pkg.startsWith('runtime/') || pkg.startsWith('internal/runtime/');
}

/** The standard library: an import path whose first element has no dot ("net/http", "vendor/golang.org/x/…"), except main. */
export function isStandardLibrary(name: string): boolean {
	const pkg = packageOf(name);
	if (pkg === 'main' || pkg === '' || name.startsWith('<') || name.startsWith('[')) return false;
	const first = pkg.split('/')[0]!;
	return !first.includes('.');
}

/** Files of dependencies live in the module cache or a vendor folder, never beside the program's own. */
const DEPENDENCY_FILE = /\/pkg\/mod\/|(^|\/)vendor\//;

/** The program's own code: package main, or a module of its own (not the standard library, not a downloaded dependency). */
export function isUserFrame(frame: Frame): boolean {
	const name = frame.function;
	if (name === '' || name.startsWith('<') || name.startsWith('[')) return false;
	if (packageOf(name) === 'main') return true;
	return !isStandardLibrary(name) && !DEPENDENCY_FILE.test(frame.file);
}

/**
 * The allocator itself: Go's heap profile usually hides these frames, but not
 * on every path (allocations made on the system stack keep them). A site is
 * named after the frame that called the allocator.
 */
export function isAllocator(name: string): boolean {
	return /^runtime\.(mallocgc\w*|newobject|newarray|growslice|makeslice\w*|makemap\w*|makechan|rawstring\w*|rawbyteslice|rawruneslice)$/.test(name);
}

/** Index of the first frame (leaf first) in the user's program; -1 when none. */
export function userFrameIndex(stack: readonly Frame[]): number {
	return stack.findIndex(isUserFrame);
}

/**
 * What a heap allocation site is named by: its leaf, and when the leaf is not
 * the program's own code, the leaf's caller and the first frame of the user's
 * program that led there: `bufio.NewReaderSize ← net/http.(*Transport).dialConn ← main.pollUpstream`.
 */
export function siteName(leaf: string, via: string | undefined, caller: string | undefined): string {
	if (!caller || caller === leaf) return leaf;
	return via && via !== caller ? `${leaf} ← ${via} ← ${caller}` : `${leaf} ← ${caller}`;
}

/**
 * A goroutine group's name frame: the first frame of the user's program (where
 * it waits, in the program's terms), else the first outside the runtime and
 * the standard library's waiting primitives, else the first outside the runtime.
 */
export function groupNameIndex(stack: readonly Frame[]): number {
	const user = userFrameIndex(stack);
	if (user >= 0) return user;
	const notWaiting = stack.findIndex((frame) => !isRuntime(frame.function) && !WAITING_PACKAGES.has(packageOf(frame.function)));
	if (notWaiting >= 0) return notWaiting;
	const notRuntime = stack.findIndex((frame) => !isRuntime(frame.function));
	return notRuntime >= 0 ? notRuntime : 0;
}

/** Where goroutines park: naming a group after these says nothing about which code is waiting. */
const WAITING_PACKAGES = new Set(['sync', 'internal/sync', 'internal/poll', 'time', 'context', 'os/signal', 'net']);

/** The function a goroutine was started with: the outermost frame outside the runtime (runtime.goexit sits below it). */
export function entryIndex(stack: readonly Frame[]): number {
	for (let i = stack.length - 1; i >= 0; i--) if (!isRuntime(stack[i]!.function)) return i;
	return stack.length - 1;
}

/**
 * A Go name shortened to `width` characters the way people read it: the
 * package path is elided before the last element ("github.com/acme/api/store.(*T).Get"
 * → "…/store.(*T).Get"), then the receiver, and the method is never cut
 * unless nothing else is left.
 */
export function shortGoName(name: string, width: number): string {
	if (name.length <= width) return name;
	const bracket = firstBracket(name);
	const slash = name.lastIndexOf('/', bracket);
	let short = slash >= 0 ? `…${name.slice(slash)}` : name;
	if (short.length <= width) return short;
	// Drop generic type arguments: "F[...]".
	short = short.replace(/\[[^\]\\]*\]/g, '[…]');
	if (short.length <= width) return short;
	// Keep "pkg.Method", dropping the receiver in between.
	const lastDot = short.lastIndexOf('.');
	const firstDot = short.indexOf('.');
	if (lastDot > firstDot && firstDot >= 0) {
		const compact = `${short.slice(0, firstDot)}.….${short.slice(lastDot + 1)}`;
		if (compact.length <= width) return compact;
		const method = short.slice(lastDot + 1);
		if (method.length + 1 <= width) return `…${short.slice(lastDot)}`.slice(-width);
	}
	return `${short.slice(0, Math.max(0, width - 1))}…`;
}
