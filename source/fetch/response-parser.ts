/**
 * An HTTP/1.x response read incrementally from a socket's chunks: status,
 * headers, and the body framed by Content-Length, chunked encoding or the
 * end of the connection. Pure (bytes in, fields out), so every way a body can
 * be split across reads is easy to test.
 *
 * It exists for the dashboard's polls: two small GETs a second for hours, on
 * a kept-alive plain-HTTP connection. Node's http client costs four times as
 * much CPU per such request (docs/performance.md), most of it machinery this
 * one use does not need.
 */
export type ResponseParseProblem = 'not-http' | 'malformed' | 'too-large' | 'incomplete';

export class ResponseParseError extends Error {
	constructor(readonly problem: ResponseParseProblem) {
		super(problem);
	}
}

/** Status line and headers together; a real pprof or expvar response needs a few hundred bytes. */
const MAX_HEAD = 64 * 1024;
const MAX_CHUNK_LINE = 1024;
const EMPTY = Buffer.alloc(0);

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done';

export class ResponseParser {
	status = 0;
	/** Lower-case names; repeated headers joined with ", ". */
	headers: Record<string, string> = {};
	/** The connection can carry the next request once this response is complete. */
	keepAlive = false;
	private state: State = 'head';
	private pending: Buffer = EMPTY;
	private readonly parts: Buffer[] = [];
	private size = 0;
	private remaining = 0;

	constructor(private readonly maxBytes: number) {}

	get complete(): boolean {
		return this.state === 'done';
	}

	/** Bytes from the socket. Throws ResponseParseError. */
	push(chunk: Buffer): void {
		const buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
		this.pending = EMPTY;
		let at = 0;
		while (at < buffer.length && this.state !== 'done') {
			const next = this.step(buffer, at);
			if (next < 0) {
				this.pending = buffer.subarray(at);
				return;
			}
			at = next;
		}
		// Bytes past the end of the response: not something to read the next response from.
		if (at < buffer.length) this.keepAlive = false;
	}

	/** The peer closed the connection. Throws ResponseParseError unless the response is whole. */
	end(): void {
		if (this.state === 'until-close') this.state = 'done';
		if (this.state !== 'done') throw new ResponseParseError('incomplete');
	}

	body(): Buffer {
		return this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
	}

	/** Consumes from `at`; returns where the next step starts, or -1 to wait for more bytes. */
	private step(buffer: Buffer, at: number): number {
		switch (this.state) {
			case 'head': {
				// A TLS record or anything else that is not HTTP shows in its first bytes.
				if (!'HTTP/'.startsWith(buffer.toString('latin1', at, Math.min(at + 5, buffer.length)))) throw new ResponseParseError('not-http');
				const end = buffer.indexOf('\r\n\r\n', at);
				if (end < 0) {
					if (buffer.length - at > MAX_HEAD) throw new ResponseParseError('malformed');
					return -1;
				}
				this.readHead(buffer.toString('latin1', at, end));
				return end + 4;
			}
			case 'length':
			case 'chunk-data': {
				const take = Math.min(this.remaining, buffer.length - at);
				this.append(buffer.subarray(at, at + take));
				this.remaining -= take;
				if (this.remaining === 0) this.state = this.state === 'length' ? 'done' : 'chunk-end';
				return at + take;
			}
			case 'chunk-size': {
				const line = this.line(buffer, at);
				if (line === undefined) return -1;
				const hex = line.split(';')[0]!.trim();
				if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw new ResponseParseError('malformed');
				const size = Number.parseInt(hex, 16);
				if (this.size + size > this.maxBytes) throw new ResponseParseError('too-large');
				this.remaining = size;
				this.state = size === 0 ? 'trailers' : 'chunk-data';
				return at + line.length + 2;
			}
			case 'chunk-end': {
				if (buffer.length - at < 2) return -1;
				if (buffer[at] !== 0x0d || buffer[at + 1] !== 0x0a) throw new ResponseParseError('malformed');
				this.state = 'chunk-size';
				return at + 2;
			}
			case 'trailers': {
				const line = this.line(buffer, at);
				if (line === undefined) return -1;
				if (line === '') this.state = 'done';
				return at + line.length + 2;
			}
			case 'until-close':
				this.append(at === 0 ? buffer : buffer.subarray(at));
				return buffer.length;
			default:
				return buffer.length;
		}
	}

	/** A CRLF-terminated line from `at`, without the CRLF; undefined until it is all there. */
	private line(buffer: Buffer, at: number): string | undefined {
		const end = buffer.indexOf('\r\n', at);
		if (end < 0) {
			if (buffer.length - at > MAX_CHUNK_LINE) throw new ResponseParseError('malformed');
			return undefined;
		}
		return buffer.toString('latin1', at, end);
	}

	private readHead(head: string): void {
		const lines = head.split('\r\n');
		const status = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0]!);
		if (!status) throw new ResponseParseError('not-http');
		const headers: Record<string, string> = {};
		for (let i = 1; i < lines.length; i++) {
			const line = lines[i]!;
			const colon = line.indexOf(':');
			if (colon <= 0) throw new ResponseParseError('malformed');
			const name = line.slice(0, colon).trim().toLowerCase();
			const value = line.slice(colon + 1).trim();
			headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
		}
		const code = Number(status[2]);
		// An interim response (100 Continue, 103 Early Hints): the real one follows.
		if (code >= 100 && code < 200) return;
		this.status = code;
		this.headers = headers;
		const connection = headers.connection?.toLowerCase() ?? '';
		this.keepAlive = status[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
		const encoding = headers['transfer-encoding'];
		const length = headers['content-length'];
		if (encoding !== undefined) {
			if (!/(^|,)\s*chunked\s*$/i.test(encoding)) throw new ResponseParseError('malformed');
			this.state = 'chunk-size';
		} else if (length !== undefined) {
			if (!/^\d{1,15}$/.test(length)) throw new ResponseParseError('malformed');
			this.remaining = Number(length);
			if (this.remaining > this.maxBytes) throw new ResponseParseError('too-large');
			this.state = this.remaining === 0 ? 'done' : 'length';
		} else if (code === 204 || code === 304) {
			this.state = 'done';
		} else {
			this.state = 'until-close';
			this.keepAlive = false;
		}
	}

	private append(part: Buffer): void {
		this.size += part.length;
		if (this.size > this.maxBytes) throw new ResponseParseError('too-large');
		this.parts.push(part);
	}
}
