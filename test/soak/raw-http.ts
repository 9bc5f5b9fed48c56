/**
 * An HTTP/1.1 request written byte for byte on a socket: what a hostile client can send and
 * Node's own client refuses to (a bare CR or LF, NUL, a folded line, any byte in a header).
 */
import { connect } from 'node:net';

export interface RawAnswer {
	/** The status n8n answered, or 0 when it closed the connection without one. */
	status: number;
	/** The whole answer as latin1 text, headers and body. */
	text: string;
}

/** A request head: the request line and headers, each a line of its own (no CRLF inside). */
export function requestHead(
	url: string,
	headers: ReadonlyArray<readonly [string, string | Buffer]>,
	bodyLength: number | null,
): Buffer {
	const { host, pathname, search } = new URL(url);
	const lines: Buffer[] = [
		Buffer.from(`POST ${pathname}${search} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n`),
	];
	for (const [name, value] of headers)
		lines.push(Buffer.from(`${name}: `), Buffer.from(value), Buffer.from('\r\n'));
	if (bodyLength !== null) lines.push(Buffer.from(`Content-Length: ${bodyLength}\r\n`));
	lines.push(Buffer.from('\r\n'));
	return Buffer.concat(lines);
}

/**
 * Sends `head` then `body` to the URL's host and reads the answer until the server closes the
 * connection (the head asks it to), or `timeoutMs` passes.
 */
export function rawRequest(
	url: string,
	head: Buffer,
	body: Buffer = Buffer.alloc(0),
	timeoutMs = 60_000,
): Promise<RawAnswer> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		const socket = connect({ host: hostname, port: Number(port) });
		const finish = () => {
			socket.destroy();
			const text = Buffer.concat(chunks).toString('latin1');
			const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
			resolve({ status: status === undefined ? 0 : Number(status), text });
		};
		socket.setTimeout(timeoutMs, finish);
		socket.on('data', (chunk: Buffer) => chunks.push(chunk));
		socket.on('end', finish);
		socket.on('close', finish);
		// A server that answers early (413, 400) may close before the body is written: that is its answer.
		socket.on('error', finish);
		socket.write(Buffer.concat([head, body]));
	});
}

/**
 * A POST of `body` with `headers` (values written as their UTF-8 bytes), Content-Length set;
 * `timeoutMs` as `rawRequest` takes it.
 */
export function rawPost(
	url: string,
	headers: ReadonlyArray<readonly [string, string | Buffer]>,
	body: Buffer | string,
	timeoutMs?: number,
): Promise<RawAnswer> {
	const bytes = typeof body === 'string' ? Buffer.from(body) : body;
	return rawRequest(url, requestHead(url, headers, bytes.length), bytes, timeoutMs);
}
