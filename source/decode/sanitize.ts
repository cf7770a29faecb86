/**
 * Strings from the target (function and file names, expvar keys, cmdline,
 * error bodies) come from a process we do not control. A function name that
 * holds an escape sequence could move the cursor, retitle the window or
 * rewrite the clipboard (OSC 52). Everything shown or written as text goes
 * through safeText first: control characters, C1 controls and bidi overrides
 * become visible escapes.
 */
// C0 controls, DEL, C1 controls, and the Unicode bidi controls that can reorder what is shown.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

const NAMED: Record<string, string> = {
	'\n': '\\n',
	'\r': '\\r',
	'\t': '\\t',
};

function escapeChar(char: string): string {
	const named = NAMED[char];
	if (named) return named;
	const code = char.charCodeAt(0);
	return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function safeText(text: string): string {
	return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}

/** safeText, and cut to at most max characters (long bodies in error messages). */
export function safeSnippet(text: string, max: number): string {
	const cut = text.length > max ? `${text.slice(0, max)}…` : text;
	return safeText(cut);
}
