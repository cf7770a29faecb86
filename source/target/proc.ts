/**
 * @module The process as the OS sees it, when leakwatch runs on the same
 * host: RSS, open file descriptors and the command line from /proc. An
 * unclosed-resource leak shows here before it shows in the heap. Linux only;
 * elsewhere these return undefined.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {readdir, readFile, readlink} from 'node:fs/promises';
import {hostname} from 'node:os';
import {safeText} from '../decode/sanitize.js';
import type {ProcessStats} from '../decode/expvar.js';

export async function processStats(pid: number, previousFds = 0): Promise<ProcessStats | undefined> {
	try {
		// Read synchronously: each of these takes microseconds, less than a round trip through
		// the thread pool that the async forms make every second. Only a huge fd table (a leak
		// of file descriptors) is listed asynchronously, so the dashboard never stalls on it.
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
		const fd = `/proc/${pid}/fd`;
		const fds = previousFds < SYNC_FD_LIMIT ? readdirSync(fd) : await readdir(fd);
		// os.Args as the kernel has it: NUL-separated, and only the first few KiB matter.
		const cmdline = safeText(readFileSync(`/proc/${pid}/cmdline`).subarray(0, 4096).toString('utf8').replace(/\u0000+$/, '').replaceAll('\u0000', ' '));
		return {rss: rss ? Number(rss[1]) * 1024 : Number.NaN, openFds: fds.length, cmdline};
	} catch {
		return undefined;
	}
}

const SYNC_FD_LIMIT = 5000;

export function isLocalHost(host: string): boolean {
	const name = host.replace(/^\[|\]$/g, '').toLowerCase();
	return name === 'localhost' || name === '::1' || name.startsWith('127.') || name === '0.0.0.0' || name === hostname().toLowerCase();
}

/**
 * Open files looked at before giving up on finding the owner of a port: a
 * busy server (a database beside the target) can hold hundreds of thousands,
 * and what the pid buys (RSS, threads, open files in the plots) is not worth
 * seconds of CPU on a production machine; --pid names it instead.
 */
export const MAX_FDS_SCANNED = 50_000;

/** The one local process listening on a TCP port, found through /proc (socket inode → fd link); undefined if none or several, or too many files to look at. */
export async function findListeningPid(port: number, maxFds = MAX_FDS_SCANNED): Promise<number | undefined> {
	const inodes = new Set<string>();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = await readFile(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			// local_address is HEXIP:HEXPORT; st 0A is LISTEN; field 9 is the inode.
			if (fields.length > 9 && fields[3] === '0A' && Number.parseInt(fields[1]!.split(':')[1] ?? '', 16) === port) inodes.add(fields[9]!);
		}
	}
	if (inodes.size === 0) return undefined;
	const owners = new Set<number>();
	let scanned = 0;
	let pids: string[];
	try {
		pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
	} catch {
		return undefined;
	}
	for (const pid of pids) {
		let fds: string[];
		try {
			fds = await readdir(`/proc/${pid}/fd`);
		} catch {
			continue; // not ours to read, or gone
		}
		scanned += fds.length;
		if (scanned > maxFds) return undefined;
		for (const fd of fds) {
			const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
			const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
			if (inode && inodes.has(inode)) owners.add(Number(pid));
		}
	}
	return owners.size === 1 ? [...owners][0] : undefined;
}
