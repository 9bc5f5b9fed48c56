// Generated from shared/providers/saleshandy/schemas.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import { z, type ZodType } from 'zod/v4';

const person = z.looseObject({
	firstName: z.string().optional(),
	lastName: z.string().optional(),
	email: z.string(),
});

/**
 * The one payload Saleshandy documents, `email-sent`: the prospect, the sequence step and the
 * sender. Unknown fields are kept.
 */
export const emailSentSchema = z.looseObject({
	event: z.literal('email-sent'),
	emailSentAt: z.string(),
	prospect: person.extend({
		jobTitle: z.string().optional(),
		tag: z.array(z.string()).optional(),
		latestStatus: z.string().optional(),
	}),
	sequence: z.looseObject({
		id: z.union([z.string(), z.number()]),
		sequenceName: z.string(),
		stepID: z.union([z.string(), z.number()]).optional(),
		// Saleshandy's own example sends it as a string ("3").
		stepNumber: z.union([z.string(), z.number()]).optional(),
		variant: z.string().optional(),
		emailSubject: z.string().optional(),
		emailBody: z.string().optional(),
		senderEmail: z.string().optional(),
		latestOutcome: z.string().optional(),
	}),
	user: person,
});

/** Any Saleshandy delivery: the event name, everything else kept unchecked. */
export const saleshandyEnvelopeSchema = z.looseObject({ event: z.string().min(1) });

/**
 * The schema of an event. Saleshandy publishes only `email-sent`'s payload; the others are
 * checked for their event name alone until their shape is known.
 */
export function saleshandySchemaFor(eventId: string): ZodType {
	return eventId === 'email-sent' ? emailSentSchema : saleshandyEnvelopeSchema;
}
