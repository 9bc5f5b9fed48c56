// Generated from shared/providers/kakiyo/catalogue.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { CatalogueEvent } from '../../provider.js';

/** Where Kakiyo lists an event; its lists disagree, so the catalogue is their union. */
export type KakiyoSource = 'webhooks-guide' | 'test-events' | 'mcp';

export interface KakiyoCatalogueEvent extends CatalogueEvent {
	readonly source: KakiyoSource;
}

export const KAKIYO_WILDCARD = '*';

function event(
	id: string,
	name: string,
	description: string,
	category: string,
	source: KakiyoSource,
): KakiyoCatalogueEvent {
	return { id, name, description, category, source };
}

/**
 * Every event any Kakiyo document names. At run time Kakiyo's own list
 * (`GET /webhooks/test/events`) is the truth; this is the fallback and the source of samples.
 */
export const KAKIYO_EVENTS: readonly KakiyoCatalogueEvent[] = [
	event(
		'linkedin.message.sent',
		'LinkedIn Message Sent',
		'Triggers when an agent sends a message to a prospect.',
		'message',
		'webhooks-guide',
	),
	event(
		'linkedin.message.received',
		'LinkedIn Message Received',
		'Triggers when a prospect responds to an agent.',
		'message',
		'webhooks-guide',
	),
	event(
		'linkedin.invitation.sent',
		'LinkedIn Invitation Sent',
		'Triggers when an agent sends a connection invitation.',
		'connection',
		'webhooks-guide',
	),
	event(
		'linkedin.invitation.accepted',
		'LinkedIn Invitation Accepted',
		'Triggers when a prospect accepts a connection invitation.',
		'connection',
		'webhooks-guide',
	),
	event(
		'prospect.qualification.manual',
		'Prospect Needs Manual Qualification',
		'Triggers when a prospect requires manual qualification review.',
		'prospect',
		'webhooks-guide',
	),
	event(
		'prospect.unqualified',
		'Prospect Unqualified',
		'Triggers when a prospect is automatically marked as unqualified.',
		'prospect',
		'webhooks-guide',
	),
	event(
		'prospect.qualified',
		'Prospect Qualified',
		'Triggers when a prospect is marked as qualified.',
		'prospect',
		'test-events',
	),
	event(
		'prospect.responded',
		'Prospect Responded',
		'Triggers when a prospect responds to outreach.',
		'prospect',
		'test-events',
	),
	event(
		'prospect.disqualified',
		'Prospect Disqualified',
		'Triggers when a prospect is marked as disqualified.',
		'prospect',
		'test-events',
	),
	event(
		'prospect.paused',
		'Prospect Paused',
		'Triggers when a prospect conversation is paused.',
		'prospect',
		'test-events',
	),
	event(
		'prospect.resumed',
		'Prospect Resumed',
		'Triggers when a prospect conversation is resumed.',
		'prospect',
		'test-events',
	),
	event(
		'prospect.replied',
		'Prospect Replied',
		'Triggers when a prospect replies to a message.',
		'prospect',
		'mcp',
	),
	event(
		'campaign.started',
		'Campaign Started',
		'Triggers when a campaign is activated and started.',
		'campaign',
		'test-events',
	),
	event(
		'campaign.paused',
		'Campaign Paused',
		'Triggers when a campaign is paused.',
		'campaign',
		'test-events',
	),
	event(
		'campaign.resumed',
		'Campaign Resumed',
		'Triggers when a campaign is resumed.',
		'campaign',
		'test-events',
	),
	event(
		'campaign.completed',
		'Campaign Completed',
		'Triggers when a campaign reaches completion.',
		'campaign',
		'test-events',
	),
	event(
		'campaign.deleted',
		'Campaign Deleted',
		'Triggers when a campaign is deleted.',
		'campaign',
		'test-events',
	),
	event(
		'message.sent',
		'Message Sent',
		'Triggers when a message is sent to a prospect.',
		'message',
		'test-events',
	),
	event(
		'message.failed',
		'Message Failed',
		'Triggers when a message could not be sent.',
		'message',
		'test-events',
	),
	event(
		'message.received',
		'Message Received',
		'Triggers when a response is received from a prospect.',
		'message',
		'test-events',
	),
	event(
		'message.scheduled',
		'Message Scheduled',
		'Triggers when a message is scheduled for sending.',
		'message',
		'test-events',
	),
	event(
		'connection.sent',
		'Connection Request Sent',
		'Triggers when a LinkedIn connection request is sent.',
		'connection',
		'test-events',
	),
	event(
		'connection.accepted',
		'Connection Accepted',
		'Triggers when a LinkedIn connection request is accepted.',
		'connection',
		'test-events',
	),
	event(
		'connection.rejected',
		'Connection Rejected',
		'Triggers when a LinkedIn connection request is rejected.',
		'connection',
		'test-events',
	),
	event(
		'connection.withdrawn',
		'Connection Withdrawn',
		'Triggers when a LinkedIn connection request is withdrawn.',
		'connection',
		'test-events',
	),
	event(
		'agent.status_changed',
		'Agent Status Changed',
		"Triggers when an agent's status changes.",
		'agent',
		'test-events',
	),
	event(
		'agent.health_alert',
		'Agent Health Alert',
		'Triggers when an agent health alert is raised.',
		'agent',
		'test-events',
	),
	event(
		'agent.limits_reached',
		'Agent Limits Reached',
		'Triggers when an agent reaches its daily limits.',
		'agent',
		'test-events',
	),
	event(
		'agent.offline',
		'Agent Offline',
		'Triggers when an agent goes offline.',
		'agent',
		'test-events',
	),
];
