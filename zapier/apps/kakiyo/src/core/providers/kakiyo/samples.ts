// Generated from shared/providers/kakiyo/samples.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import { KAKIYO_EVENTS, type KakiyoCatalogueEvent } from './catalogue.js';

const AT = '2023-06-15T10:30:00.000Z';

const agent = { id: 'agent_67890', name: 'Alex (Sales)', status: 'active' };
const campaign = { id: 'campaign_12345', name: 'Q2 SaaS Founders', status: 'active' };
const prospect = {
	id: 'prospect_98765',
	name: 'Jane Smith',
	email: 'jane.smith@example.com',
	headline: 'VP of Sales at Acme Corp',
	url: 'https://www.linkedin.com/in/janesmith',
	location: { city: 'San Francisco', country: 'United States' },
};
const conversation = {
	id: 'chat_54321',
	messageCount: 4,
	lastMessage: "Thanks for reaching out! I'd love to learn more.",
	lastActivity: AT,
};

/** Data of the webhooks guide's events: flat ids, as in its `linkedin.message.received` example. */
const GUIDE_DATA: Readonly<Record<string, Record<string, unknown>>> = {
	'linkedin.message.sent': { message: 'Hi Jane, thanks for connecting! Open to a quick chat?' },
	'linkedin.message.received': {
		message: "Thanks for reaching out! I'd love to learn more about your solution.",
	},
	'linkedin.invitation.sent': { message: "Hi Jane, I'd like to add you to my network." },
	'linkedin.invitation.accepted': {},
	'prospect.qualification.manual': {},
	'prospect.unqualified': {},
};

/** Data of the test-events reference: nested objects, as in its example endpoint. */
const NESTED_DATA: Readonly<Record<string, Record<string, unknown>>> = {
	'prospect.qualified': {
		prospect: { ...prospect, qualification: 'qualified', qualifiedAt: AT, qualifiedBy: 'agent' },
		campaign: { id: campaign.id, name: campaign.name },
		conversation,
	},
	'prospect.responded': { prospect, campaign, conversation },
	'prospect.disqualified': {
		prospect: { ...prospect, qualification: 'disqualified' },
		campaign,
		conversation,
	},
	'prospect.paused': { prospect: { ...prospect, status: 'paused' }, campaign, conversation },
	'prospect.resumed': { prospect: { ...prospect, status: 'active' }, campaign, conversation },
	'prospect.replied': { prospect, campaign, conversation, message: conversation.lastMessage },
	'campaign.started': { campaign: { ...campaign, startedAt: AT }, agent },
	'campaign.paused': { campaign: { ...campaign, status: 'paused' }, agent },
	'campaign.resumed': { campaign, agent },
	'campaign.completed': {
		campaign: {
			...campaign,
			status: 'completed',
			completedAt: AT,
			duration: '30 days',
			stats: {
				prospects: 250,
				messages: 612,
				responses: 87,
				qualified: 23,
				closed: 5,
				conversionRate: 9.2,
				responseRate: 34.8,
			},
		},
		agent: { id: agent.id, name: agent.name },
	},
	'campaign.deleted': { campaign: { id: campaign.id, name: campaign.name }, agent },
	'message.sent': {
		message: 'Hi Jane, thanks for connecting!',
		prospect,
		campaign,
		agent,
		conversation,
	},
	'message.failed': {
		message: 'Hi Jane, thanks for connecting!',
		error: 'LinkedIn rejected the message: the recipient is not a connection.',
		prospect,
		campaign,
		agent,
	},
	'message.received': {
		message: conversation.lastMessage,
		prospect,
		campaign,
		agent,
		conversation,
	},
	'message.scheduled': {
		message: 'Hi Jane, following up on my last note.',
		scheduledFor: '2023-06-16T09:00:00.000Z',
		prospect,
		campaign,
		agent,
	},
	'connection.sent': { prospect, campaign, agent },
	'connection.accepted': { prospect, campaign, agent },
	'connection.rejected': { prospect, campaign, agent },
	'connection.withdrawn': { prospect, campaign, agent },
	'agent.status_changed': { agent: { ...agent, status: 'paused' }, previousStatus: 'active' },
	'agent.health_alert': {
		agent,
		alert: { type: 'session_expired', severity: 'high', message: 'LinkedIn session expired.' },
	},
	'agent.limits_reached': { agent, limits: { type: 'daily_invitations', limit: 25, used: 25 } },
	'agent.offline': { agent: { ...agent, status: 'offline' }, lastSeenAt: AT },
};

function guideSample(entry: KakiyoCatalogueEvent): Record<string, unknown> {
	return {
		event: entry.id,
		teamId: 'team_12345abcde',
		timestamp: AT,
		data: {
			agentId: agent.id,
			campaignId: campaign.id,
			chatId: conversation.id,
			prospectId: prospect.id,
			...GUIDE_DATA[entry.id],
			timestamp: AT,
		},
	};
}

function nestedSample(entry: KakiyoCatalogueEvent): Record<string, unknown> {
	return {
		event: entry.id,
		timestamp: AT,
		data: NESTED_DATA[entry.id] ?? {},
		team: { id: 'team_abc', name: 'Sales Team Alpha' },
	};
}

const samples = new Map(
	KAKIYO_EVENTS.map((entry) => [
		entry.id,
		JSON.stringify(Object.hasOwn(GUIDE_DATA, entry.id) ? guideSample(entry) : nestedSample(entry)),
	]),
);

/**
 * A realistic delivery of the event, in the envelope Kakiyo's document for it shows. An event
 * outside the catalogue gets a bare envelope. Each call returns a fresh copy.
 */
export function kakiyoSampleFor(eventId: string): Record<string, unknown> {
	const sample = samples.get(eventId);
	if (sample !== undefined) return JSON.parse(sample) as Record<string, unknown>;
	return {
		event: eventId,
		timestamp: AT,
		data: {},
		team: { id: 'team_abc', name: 'Sales Team Alpha' },
	};
}
