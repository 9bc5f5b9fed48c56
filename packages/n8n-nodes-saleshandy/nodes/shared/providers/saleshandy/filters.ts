// Generated from shared/providers/saleshandy/filters.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import { z } from 'zod/v4';

import type { ApiCall } from '../../api-call.js';
import type { DeliveryFilter, FilterOption } from '../../filters.js';
import { callsWith, UNEXPECTED, unwrap } from '../../provider-call.js';
import { saleshandyWording } from './errors.js';

/** Saleshandy's largest page of sequences. */
const PAGE_SIZE = '1000';

const call = callsWith(saleshandyWording);

const sequenceSchema = z.looseObject({
	title: z.string().trim().min(1),
	active: z.boolean().optional().catch(undefined),
});

/** `GET /sequences`: `{message, payload: [{id, title, active, …}]}` (Saleshandy's API reference). */
function parseSequences(body: unknown): FilterOption[] | typeof UNEXPECTED {
	const parsed = z.array(z.unknown()).safeParse(unwrap(body, 'payload', 'data'));
	if (!parsed.success) return UNEXPECTED;
	const seen = new Set<string>();
	return parsed.data.flatMap((entry) => {
		const sequence = sequenceSchema.safeParse(entry);
		if (!sequence.success || seen.has(sequence.data.title)) return [];
		seen.add(sequence.data.title);
		const { title, active } = sequence.data;
		return [{ value: title, name: active === false ? `${title} (paused)` : title }];
	});
}

const listSequences = (): ApiCall<FilterOption[]> =>
	call(
		{ method: 'GET', path: '/sequences', query: { pageSize: PAGE_SIZE, page: '1' } },
		'listing the sequences',
		parseSequences,
	);

/**
 * Saleshandy's `email-sent` example carries `sequence.id` ("139223") and `sequence.sequenceName`;
 * its API lists sequences with other ids ("JA5YdAr9wy") and a `title`. Whether one sequence has
 * the same id in both is not documented, so the list chooses by name, and an id typed in an
 * expression matches the delivery's own id. Hooks are registered for events only: the trigger
 * filters.
 */
export const SALESHANDY_FILTERS: readonly DeliveryFilter[] = [
	{
		key: 'sequences',
		label: 'Sequences',
		noun: 'sequence',
		paths: [
			['sequence', 'id'],
			['sequence', 'sequenceName'],
		],
		help: "The list matches a sequence by its name (Saleshandy's webhook ids differ from its API's); an id from a delivery's sequence.id, in an expression, matches too. Saleshandy documents a sequence on sent emails; its other prospect, email and task events are expected to carry one, and its email account events carry none.",
		listOptions: listSequences,
	},
];
