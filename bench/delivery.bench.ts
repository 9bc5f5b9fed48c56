/**
 * What every delivery costs before a run starts, as the n8n node does it: `receiveDelivery`
 * (find the header, verify the HMAC over the raw bytes, parse, check the schema, the Maximum Age
 * and the selection) and the repeat guard. `npm run bench`; results in BENCHMARKS.md.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

import { receiveDelivery, RepeatGuard, sign } from '../shared/index.js';
import { kakiyo } from '../shared/providers/kakiyo/index.js';

const SECRET = 'b'.repeat(64);

function body(event: string, padding: number): string {
	const sample = kakiyo.sampleFor(event) as { data: Record<string, unknown> };
	return JSON.stringify({
		...sample,
		timestamp: new Date().toISOString(),
		data: { ...sample.data, notes: 'x'.repeat(padding) },
	});
}

function measure(label: string, raw: string, rounds: number): string {
	const bytes = Buffer.from(raw);
	const headers = { 'Http-X-Kakiyo-Signature': sign(bytes, SECRET) };
	const guard = new RepeatGuard();
	const once = () => {
		const reception = receiveDelivery(
			kakiyo,
			{ headers, body: bytes },
			{ secret: SECRET, selected: ['*'] },
		);
		if (reception.outcome !== 'accepted') throw new Error('benchmark input was refused');
		// After the first round a repeat: one map lookup, as an insert of a new delivery costs.
		guard.remember('bench', reception.fingerprint, reception.rememberUntil, Date.now());
	};
	for (let i = 0; i < Math.min(rounds, 1_000); i++) once();
	const started = performance.now();
	for (let i = 0; i < rounds; i++) once();
	const elapsed = performance.now() - started;
	const perSecond = Math.round(rounds / (elapsed / 1000));
	const micros = ((elapsed * 1000) / rounds).toFixed(1);
	return `| ${label} | ${bytes.length.toLocaleString('en')} B | ${rounds.toLocaleString('en')} | ${micros} µs | ${perSecond.toLocaleString('en')} |`;
}

console.log(
	`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log('| delivery | size | rounds | per delivery | deliveries/s |');
console.log('|---|---|---|---|---|');
console.log(
	measure('guide `linkedin.message.received`', body('linkedin.message.received', 0), 50_000),
);
console.log(measure('nested `campaign.completed`', body('campaign.completed', 0), 50_000));
console.log(
	measure('`prospect.qualified` + 64 KiB of notes', body('prospect.qualified', 64 * 1024), 5_000),
);
console.log(
	measure('`prospect.qualified` + 1 MiB of notes', body('prospect.qualified', 1024 * 1024), 300),
);
console.log(
	`\nresident memory after the runs: ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MiB`,
);
