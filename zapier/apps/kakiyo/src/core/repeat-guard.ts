// Generated from shared/repeat-guard.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { createHash } from 'node:crypto';

import type { RawBody } from './sign.js';

/**
 * Deliveries one process remembers at most, over all triggers. At about 140 bytes each that is
 * ~35 MiB; it holds a 24-hour window at 2.9 deliveries a second, sustained.
 */
export const MAX_REMEMBERED = 250_000;
/** How often expired entries are swept out, in milliseconds. */
const SWEEP_EVERY_MS = 60_000;

/**
 * An id of a delivery's raw bytes, base64url of the first 128 bits of their SHA-256: the same
 * for a retry (for providers that send no delivery id and repeat the body byte for byte),
 * different for any other delivery.
 */
export function deliveryFingerprint(body: RawBody): string {
	return createHash('sha256').update(body).digest().subarray(0, 16).toString('base64url');
}

/**
 * An id of a body from the HMAC-SHA256 that proved it, in the form of `deliveryFingerprint`
 * without hashing the body again: its two halves folded into one by XOR, so what a run or a Zap
 * shows is no truncation of the signature and proves nothing. Folds `digest` in place.
 */
export function digestFingerprint(digest: Uint8Array): string {
	for (let index = 0; index < 16; index++)
		digest[index] = (digest[index] as number) ^ (digest[index + 16] as number);
	return Buffer.from(digest.buffer, digest.byteOffset, 16).toString('base64url');
}

export interface Remembered {
	readonly repeat: boolean;
	/** Older entries were dropped to stay within `maxEntries`: the window is shorter than asked. */
	readonly overflowed: boolean;
}

/**
 * Which deliveries a process has seen, each until its own expiry (its date plus the replay
 * window), so the guard covers the whole window whatever the volume, within a memory budget.
 * For a single process: n8n keeps one per process; a platform with a shared store uses that.
 */
export class RepeatGuard {
	private readonly seen = new Map<string, Map<string, number>>();
	private size = 0;
	private nextSweep = 0;

	constructor(private readonly maxEntries = MAX_REMEMBERED) {}

	/** Records `fingerprint` under `scope` (one trigger) until `expiresAt`; says if it was there. */
	remember(scope: string, fingerprint: string, expiresAt: number, now: number): Remembered {
		if (now >= this.nextSweep) this.sweep(now);
		let entries = this.seen.get(scope);
		const known = entries?.get(fingerprint);
		if (known !== undefined && known > now) return { repeat: true, overflowed: false };
		if (entries === undefined) {
			entries = new Map();
			this.seen.set(scope, entries);
		}
		if (known === undefined) this.size += 1;
		else entries.delete(fingerprint);
		entries.set(fingerprint, Math.max(expiresAt, now));
		let overflowed = false;
		while (this.size > this.maxEntries) {
			this.dropOldest();
			overflowed = true;
		}
		return { repeat: false, overflowed };
	}

	/** How many deliveries are remembered now. */
	get count(): number {
		return this.size;
	}

	private sweep(now: number): void {
		this.nextSweep = now + SWEEP_EVERY_MS;
		for (const [scope, entries] of this.seen) {
			for (const [fingerprint, expiresAt] of entries) {
				if (expiresAt > now) continue;
				entries.delete(fingerprint);
				this.size -= 1;
			}
			if (entries.size === 0) this.seen.delete(scope);
		}
	}

	/** Drops the oldest entry of the busiest scope, so one flooded trigger cannot evict the others. */
	private dropOldest(): void {
		let busiest: Map<string, number> | undefined;
		for (const entries of this.seen.values())
			if (busiest === undefined || entries.size > busiest.size) busiest = entries;
		const oldest = busiest?.keys().next();
		if (busiest === undefined || oldest === undefined || oldest.done) return;
		busiest.delete(oldest.value);
		this.size -= 1;
	}
}
