import {readFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';

/**
 * A stand-in for a Go service, for the cases a real one will not produce on
 * demand: auth, hangs, garbage, hostile names, restarts. Serves the recorded
 * demo run unless a route is overridden.
 */
export type Route = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export interface FakeTarget {
	readonly url: string;
	readonly requests: Array<{path: string; headers: http.IncomingHttpHeaders; at: number}>;
	routes: Record<string, Route>;
	close(): Promise<void>;
}

const fixture = (name: string) => readFileSync(`test/fixtures/demo-run/${name}`);

export function serve(body: Buffer | string, contentType = 'application/octet-stream', status = 200): Route {
	return (_request, response) => {
		response.writeHead(status, {'content-type': contentType});
		response.end(body);
	};
}

export function goLikeRoutes(point = 5): Record<string, Route> {
	const n = String(point).padStart(2, '0');
	return {
		'/debug/pprof/': serve(fixture(`index-${n}.html`), 'text/html; charset=utf-8'),
		'/debug/vars': serve(fixture(`vars-${n}.json`), 'application/json; charset=utf-8'),
		'/debug/pprof/heap': serve(fixture(`heap-${n}.pb.gz`)),
		'/debug/pprof/goroutine': serve(fixture(`goroutine-${n}.pb.gz`)),
	};
}

export async function startFakeTarget(routes: Record<string, Route> = goLikeRoutes()): Promise<FakeTarget> {
	const target: FakeTarget = {
		url: '',
		requests: [],
		routes,
		close: async () => {},
	};
	const sockets = new Set<import('node:net').Socket>();
	const server = http.createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://x').pathname;
		target.requests.push({path, headers: request.headers, at: Date.now()});
		const route = target.routes[path];
		if (route) route(request, response);
		else {
			response.writeHead(404, {'content-type': 'text/plain; charset=utf-8'});
			response.end('404 page not found\n');
		}
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const {port} = server.address() as AddressInfo;
	(target as {url: string}).url = `http://127.0.0.1:${port}`;
	target.close = () =>
		new Promise((done) => {
			for (const socket of sockets) socket.destroy();
			server.close(() => done());
		});
	return target;
}
