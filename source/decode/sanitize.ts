/**
 * @module Strings from the target or from a snapshot file (function and file
 * names, expvar keys, cmdline, label values, error bodies) come from a process
 * we do not control. A name holding an escape sequence could move the cursor,
 * retitle the window or write the clipboard (OSC 52); an invisible character
 * could make two different functions look identical. Everything shown or
 * written as text passes through safeText first: control characters (C0, C1,
 * DEL), every Unicode format character (bidi controls, zero-width spaces and
 * joiners, word joiner, BOM, tag characters, soft hyphen) and the line and
 * paragraph separators become visible escapes, and a string longer than any
 * real name is cut.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const UNSAFE_ALL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** Longer than any Go identifier or path a person would read. */
export const MAX_TEXT = 1024;

const NAMED: Record<string, string> = {
	'\n': '\\n',
	'\r': '\\r',
	'\t': '\\t',
};

function escapeChar(char: string): string {
	const named = NAMED[char];
	if (named) return named;
	const code = char.codePointAt(0)!;
	if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
	return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}

export function safeText(text: string, max = MAX_TEXT): string {
	const cut = text.length > max ? `${cutAt(text, max)}…[${text.length - max} more]` : text;
	return UNSAFE.test(cut) ? cut.replace(UNSAFE_ALL, escapeChar) : cut;
}

/** safeText, cut shorter (bodies quoted in error messages). */
export function safeSnippet(text: string, max: number): string {
	return safeText(text.length > max ? `${cutAt(text, max)}…` : text, max + 1);
}

/** The first `max` UTF-16 units, not splitting a surrogate pair. */
function cutAt(text: string, max: number): string {
	const code = text.charCodeAt(max - 1);
	return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
