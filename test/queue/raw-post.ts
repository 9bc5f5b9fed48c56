/**
 * A POST written byte for byte on a socket, for what `fetch` will not send: a header line twice,
 * a body chunked on purpose, padding in the chunk framing.
 */
import { connect } from 'node:net';

export interface RawPost {
	/** The request target: path and query, sent as is. */
	target: string;
	/** Header lines in order, repeats kept; Host, Content-Length and Connection are added. */
	headers: ReadonlyArray<readonly [string, string]>;
	body: string | Buffer;
	/**
	 * Sends the body chunked in pieces of this many bytes (no Content-Length), each size line
	 * followed by `extension`, which a server skips (`;x=aaaa`, to pad the framing).
	 */
	chunked?: { size: number; extension?: string };
}

/** The request's bytes. */
export function rawPostBytes(host: string, post: RawPost): Buffer {
	const body = Buffer.from(post.body);
	const lines = [`POST ${post.target} HTTP/1.1`, `Host: ${host}`];
	for (const [name, value] of post.headers) lines.push(`${name}: ${value}`);
	const framed: Buffer[] = [];
	if (post.chunked === undefined) {
		lines.push(`Content-Length: ${body.length}`);
		framed.push(body);
	} else {
		lines.push('Transfer-Encoding: chunked');
		const { size, extension = '' } = post.chunked;
		for (let at = 0; at < body.length; at += size) {
			const piece = body.subarray(at, at + size);
			framed.push(Buffer.from(`${piece.length.toString(16)}${extension}\r\n`), piece);
			framed.push(Buffer.from('\r\n'));
		}
		framed.push(Buffer.from('0\r\n\r\n'));
	}
	lines.push('Connection: close');
	return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), ...framed]);
}

/** Sends `post` to `url`'s host and port; the answer's status, or 0 when none came in 30 s. */
export function rawPost(url: string, post: RawPost): Promise<number> {
	const { hostname, port, host } = new URL(url);
	return new Promise((resolve) => {
		let answer = '';
		const socket = connect(Number(port), hostname, () => socket.write(rawPostBytes(host, post)));
		socket.setTimeout(30_000, () => socket.destroy());
		socket.on('data', (data: Buffer) => {
			answer += data.toString('latin1');
		});
		socket.on('error', () => undefined);
		socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0)));
	});
}
