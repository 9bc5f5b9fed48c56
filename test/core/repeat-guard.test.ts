import { describe, expect, it } from 'vitest';

import { deliveryFingerprint, RepeatGuard } from '../../shared/index.js';

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;

describe('deliveryFingerprint', () => {
	it('deliveryFingerprint is the same for the same bytes as text or buffer, and differs for one byte', () => {
		expect(deliveryFingerprint('{"a":1}')).toBe(deliveryFingerprint(Buffer.from('{"a":1}')));
		expect(deliveryFingerprint('{"a":1}')).not.toBe(deliveryFingerprint('{"a":2}'));
		// First 128 bits of SHA-256("abc"), base64url: a known answer.
		expect(deliveryFingerprint('abc')).toBe('ungWv48Bz-pBQUDeXa4iIw');
	});
});

describe('RepeatGuard', () => {
	it('remember calls the same fingerprint a repeat within its expiry, per scope', () => {
		const guard = new RepeatGuard();
		expect(guard.remember('a', 'f1', NOW + HOUR, NOW).repeat).toBe(false);
		expect(guard.remember('a', 'f1', NOW + HOUR, NOW + 1000).repeat).toBe(true);
		expect(guard.remember('b', 'f1', NOW + HOUR, NOW + 1000).repeat).toBe(false);
		expect(guard.remember('a', 'f2', NOW + HOUR, NOW + 1000).repeat).toBe(false);
	});

	it('remember forgets a fingerprint once its own expiry has passed, however busy the guard', () => {
		const guard = new RepeatGuard();
		guard.remember('a', 'old', NOW + 24 * HOUR, NOW);
		for (let i = 0; i < 10_000; i++) guard.remember('a', `busy-${i}`, NOW + 24 * HOUR, NOW + i);
		expect(guard.remember('a', 'old', NOW + 24 * HOUR, NOW + 23 * HOUR).repeat).toBe(true);
		expect(guard.remember('a', 'old', NOW + 48 * HOUR, NOW + 24 * HOUR + 1).repeat).toBe(false);
	});

	it('remember sweeps expired entries out, so memory follows the window, not the history', () => {
		const guard = new RepeatGuard();
		for (let i = 0; i < 1_000; i++) guard.remember('a', `f-${i}`, NOW + HOUR, NOW);
		expect(guard.count).toBe(1_000);
		guard.remember('a', 'later', NOW + 3 * HOUR, NOW + 2 * HOUR);
		expect(guard.count).toBe(1);
	});

	it('remember drops the oldest entries of the busiest scope past its budget, and says so', () => {
		const guard = new RepeatGuard(100);
		guard.remember('quiet', 'q', NOW + HOUR, NOW);
		let overflowed = false;
		for (let i = 0; i < 150; i++)
			overflowed = guard.remember('busy', `b-${i}`, NOW + HOUR, NOW).overflowed || overflowed;
		expect(overflowed).toBe(true);
		expect(guard.count).toBe(100);
		expect(guard.remember('quiet', 'q', NOW + HOUR, NOW).repeat).toBe(true);
		expect(guard.remember('busy', 'b-149', NOW + HOUR, NOW).repeat).toBe(true);
		expect(guard.remember('busy', 'b-0', NOW + HOUR, NOW).repeat).toBe(false);
	});
});
