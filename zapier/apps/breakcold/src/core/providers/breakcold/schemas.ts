// Generated from shared/providers/breakcold/schemas.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { z, type ZodType } from 'zod/v4';

import { BREAKCOLD_EVENTS } from './catalogue.js';

/** Legacy format (seed `003`): the space, the event, a shared secret and the event's data. */
export const legacySchema = z.looseObject({
	id_space: z.string().min(1),
	event: z.string().min(1),
	/** Removed before a run sees the event; optional so the run's copy still reads. */
	secret: z.string().optional(),
	payload: z.looseObject({}).nullable(),
});

/** Current format (docs.breakcold.com): a signed envelope around the event's data. */
export const currentSchema = z.looseObject({
	eventId: z.string().min(1),
	timestamp: z.union([z.string().min(1), z.number()]),
	workspaceId: z.string().min(1),
	event: z.string().min(1),
	data: z.looseObject({}),
});

const FORMAT = new Map(BREAKCOLD_EVENTS.map((entry) => [entry.id, entry.format]));

/** Any Breakcold delivery, in either format. */
export const breakcoldEnvelopeSchema = z.union([currentSchema, legacySchema]);

/** The schema of an event's format; an event id it does not know may come in either. */
export function breakcoldSchemaFor(eventId: string): ZodType {
	const format = FORMAT.get(eventId);
	return format === 'legacy'
		? legacySchema
		: format === 'current'
			? currentSchema
			: breakcoldEnvelopeSchema;
}
