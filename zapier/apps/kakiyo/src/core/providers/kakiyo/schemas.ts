// Generated from shared/providers/kakiyo/schemas.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { z } from 'zod/v4';

import { KAKIYO_EVENTS } from './catalogue.js';

const id = z.string().min(1);
const text = z.string();
const timestamp = z.string().min(1);
const count = z.number();

const team = z.looseObject({ id, name: text.optional() });
const location = z.looseObject({ city: text.nullish(), country: text.nullish() });
const agent = z.looseObject({ id, name: text.optional(), status: text.optional() });
const campaignStats = z.looseObject({
	prospects: count.optional(),
	messages: count.optional(),
	responses: count.optional(),
	qualified: count.optional(),
	closed: count.optional(),
	conversionRate: count.optional(),
	responseRate: count.optional(),
});
const campaign = z.looseObject({
	id,
	name: text.optional(),
	status: text.optional(),
	completedAt: timestamp.optional(),
	stats: campaignStats.optional(),
});
const prospect = z.looseObject({
	id,
	name: text.optional(),
	email: text.nullish(),
	headline: text.nullish(),
	url: text.nullish(),
	location: location.optional(),
	qualifiedAt: timestamp.nullish(),
	qualifiedBy: text.nullish(),
});
const conversation = z.looseObject({
	id,
	messageCount: count.optional(),
	lastMessage: text.nullish(),
	lastActivity: timestamp.nullish(),
});

/**
 * The data fields Kakiyo's documents show, in both forms they use: flat ids (webhooks guide)
 * and nested objects (example endpoint). Every field is optional and unknown ones are kept,
 * because Kakiyo adds fields and its documents disagree; what each event must carry is checked
 * by `requireSubject`.
 */
const data = z.looseObject({
	agentId: id.optional(),
	campaignId: id.optional(),
	chatId: id.optional(),
	prospectId: id.optional(),
	message: z.union([text, z.looseObject({})]).optional(),
	timestamp: timestamp.optional(),
	agent: agent.optional(),
	campaign: campaign.optional(),
	prospect: prospect.optional(),
	conversation: conversation.optional(),
});

type EventData = z.infer<typeof data>;

/** What an event is about, and so which id its data must carry. */
type Subject = 'prospect' | 'campaign' | 'agent';

const SUBJECT_OF_CATEGORY: Readonly<Record<string, Subject>> = {
	prospect: 'prospect',
	message: 'prospect',
	connection: 'prospect',
	campaign: 'campaign',
	agent: 'agent',
};

function requireSubject(subject: Subject) {
	return (value: EventData): boolean =>
		value[`${subject}Id`] !== undefined || value[subject]?.id !== undefined;
}

function envelope(event: z.ZodType<string>, eventData: z.ZodType<EventData>) {
	return z
		.looseObject({
			event,
			timestamp,
			/** Webhooks guide form. */
			teamId: id.optional(),
			/** Example endpoint form. */
			team: team.optional(),
			data: eventData,
		})
		.refine((value) => value.teamId !== undefined || value.team !== undefined, {
			message: 'expected teamId or team',
			path: ['teamId'],
		});
}

/** Any Kakiyo delivery, including events this catalogue does not know yet. */
export const kakiyoEnvelopeSchema = envelope(z.string().min(1), data);

export type KakiyoEvent = z.infer<typeof kakiyoEnvelopeSchema>;

const schemas = new Map<string, z.ZodType<KakiyoEvent>>(
	KAKIYO_EVENTS.map((entry) => {
		const subject = SUBJECT_OF_CATEGORY[entry.category];
		const eventData = subject
			? data.refine(requireSubject(subject), {
					message: `expected ${subject}Id or ${subject}.id`,
					path: [`${subject}Id`],
				})
			: data;
		return [entry.id, envelope(z.literal(entry.id), eventData)];
	}),
);

/** The schema of one event; an event id the catalogue does not know gets the envelope alone. */
export function kakiyoSchemaFor(eventId: string): z.ZodType<KakiyoEvent> {
	return schemas.get(eventId) ?? kakiyoEnvelopeSchema;
}
