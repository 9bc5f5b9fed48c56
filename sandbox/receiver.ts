import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery the receiver got. */
export interface Received {
	headers: IncomingHttpHeaders;
	/** The exact bytes received. */
	body: Buffer;
}

/** A running receiver: its URL, what it got, and the status it answers. */
export interface Receiver {
	url: string;
	received: Received[];
	/** Status the receiver answers with; may be changed between deliveries. */
	status: number;
	/** Resolves once `count` deliveries have arrived in all. */
	waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
	close(): Promise<void>;
}

/** A webhook endpoint on loopback that records what it is sent. */
export async function startReceiver(status = 200): Promise<Receiver> {
	const received: Received[] = [];
	const waiters: Array<() => void> = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks) });
			res.writeHead(receiver.status).end();
			for (const wake of waiters.splice(0)) wake();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const receiver: Receiver = {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		status,
		async waitFor(count, timeoutMs = 5_000) {
			const deadline = Date.now() + timeoutMs;
			while (received.length < count) {
				if (Date.now() > deadline)
					throw new Error(`expected ${count} deliveries, got ${received.length}`);
				await new Promise<void>((resolve) => {
					waiters.push(resolve);
					setTimeout(resolve, 50);
				});
			}
			return received;
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	return receiver;
}
