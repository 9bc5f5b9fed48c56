// Generated from shared/providers/breakcold/samples.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { ownValue } from '../../own-value.js';
import { BREAKCOLD_EVENTS } from './catalogue.js';

/**
 * Seed `003`'s `lead.create` delivery, verbatim but for its `secret` (the page's example value):
 * a run never shows the body's secret, so neither does a sample.
 */
const LEAD_CREATE = {
	id_space: 'eb8edc65-129a-4cb6-abbe-6bf8979c0658',
	event: 'lead.create',
	payload: {
		id: 'e106db1f-aba3-40ba-97a7-507b54757ef8',
		email: null,
		company: null,
		notes: null,
		phone: null,
		linkedin_url: null,
		created_at: '2023-04-29T11:13:55.021Z',
		updated_at: null,
		first_name: 'Jean',
		icebreaker: '',
		last_name: 'remove',
		website_url: null,
		timezone: null,
		city: null,
		company_role: null,
		twitter_name: null,
		avatar_url: null,
		icebreaker_2: '',
		icebreaker_3: '',
		icebreaker_4: '',
		email_bounce_score: null,
		twitter_company_name: null,
		is_deleted: false,
		is_deleted_at: null,
		custom_fields: null,
		custom_fields_schema: null,
		order: 0,
		contract_value: 0,
		is_tracked: false,
		id_import_task: null,
		id_linkedin_company: null,
		id_linkedin: null,
		id_space: 'eb8edc65-129a-4cb6-abbe-6bf8979c0658',
		id_twitter_company: null,
		id_twitter: null,
	},
};

const AT = '2026-11-20T09:15:00.000Z';

/**
 * The connector's own `data` for the current format's events: Breakcold documents the envelope,
 * not each event's data, so these are a plausible guess, marked `_connectorSample`.
 */
const CURRENT_DATA: Readonly<Record<string, Record<string, unknown>>> = {
	// Breakcold's record events carry the object type's slug and name (docs.breakcold.com).
	record: {
		id: 'rec_7f3a',
		objectType: 'person',
		objectTypeName: 'Person',
		name: 'Jean Dupont',
		email: 'jean.dupont@example.com',
	},
	task: { id: 'tsk_19c2', title: 'Follow up with Jean', dueAt: AT, recordId: 'rec_7f3a' },
	note: { id: 'not_88d1', content: 'Interested in the Q1 plan', recordId: 'rec_7f3a' },
	call: { id: 'cal_31b0', direction: 'outbound', durationSeconds: 312, recordId: 'rec_7f3a' },
	file: { id: 'fil_0a9e', name: 'proposal.pdf', size: 48213, recordId: 'rec_7f3a' },
};

function sample(id: string): Record<string, unknown> {
	if (id === 'lead.create') return LEAD_CREATE;
	const entry = BREAKCOLD_EVENTS.find((candidate) => candidate.id === id);
	if (entry?.format === 'legacy') {
		// Other legacy events: the seed's envelope around the thing the event is about.
		const subject = id.split('.')[0] ?? 'lead';
		const payload =
			subject === 'lead'
				? LEAD_CREATE.payload
				: { id: `${subject}_5c1d`, name: `Example ${subject}`, created_at: AT };
		return { ...LEAD_CREATE, event: id, payload, _connectorSample: true };
	}
	return {
		eventId: 'evt_4b7e2c',
		timestamp: AT,
		workspaceId: 'ws_2f90',
		event: id,
		data: ownValue(CURRENT_DATA, id.split('.')[0] ?? 'record') ?? {},
		_connectorSample: true,
	};
}

/** A realistic delivery of the event, as a run shows it (the legacy body's secret left out). */
export function breakcoldSampleFor(eventId: string): Record<string, unknown> {
	return structuredClone(sample(eventId));
}
