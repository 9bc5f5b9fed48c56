/**
 * The sandbox's own transcription of Kakiyo's events and payloads, from Kakiyo's documents
 * (`research/kakiyo.md`: the webhooks guide, the test-events reference, the example endpoint),
 * kept apart from the connector's catalogue on purpose: the simulator must be able to disagree.
 * One line per event: id, name, category, description, and the `data` it carries.
 */
const TABLE = `
linkedin.message.sent         | LinkedIn Message Sent          | message    | Triggers when an agent sends a message to a prospect.     | guide+message
linkedin.message.received     | LinkedIn Message Received      | message    | Triggers when a prospect responds to an agent.            | guide+message
linkedin.invitation.sent      | LinkedIn Invitation Sent       | message    | Triggers when an agent sends a connection invitation.     | guide+message
linkedin.invitation.accepted  | LinkedIn Invitation Accepted   | message    | Triggers when a prospect accepts a connection invitation. | guide
prospect.qualification.manual | Prospect Needs Manual Qualification | prospect | Triggers when a prospect requires manual qualification review. | guide
prospect.unqualified          | Prospect Unqualified           | prospect   | Triggers when a prospect is automatically marked as unqualified. | guide
prospect.qualified            | Prospect Qualified             | prospect   | Triggers when a prospect is marked as qualified.          | prospect campaign conversation
prospect.responded            | Prospect Responded             | prospect   | Triggers when a prospect responds to outreach.            | prospect campaign conversation
prospect.disqualified         | Prospect Disqualified          | prospect   | Triggers when a prospect is marked as disqualified.       | prospect campaign conversation
prospect.paused               | Prospect Paused                | prospect   | Triggers when a prospect conversation is paused.          | prospect campaign conversation
prospect.resumed              | Prospect Resumed               | prospect   | Triggers when a prospect conversation is resumed.         | prospect campaign conversation
prospect.replied              | Prospect Replied               | prospect   | Triggers when a prospect replies to a message.            | prospect campaign conversation message
campaign.started              | Campaign Started               | campaign   | Triggers when a campaign is activated and started.        | campaign agent
campaign.paused               | Campaign Paused                | campaign   | Triggers when a campaign is paused.                       | campaign agent
campaign.resumed              | Campaign Resumed               | campaign   | Triggers when a campaign is resumed.                      | campaign agent
campaign.completed            | Campaign Completed             | campaign   | Triggers when a campaign reaches completion.              | stats agent
campaign.deleted              | Campaign Deleted               | campaign   | Triggers when a campaign is deleted.                      | campaign agent
message.sent                  | Message Sent                   | message    | Triggers when a message is sent to a prospect.            | message prospect campaign agent conversation
message.failed                | Message Failed                 | message    | Triggers when a message could not be sent.                | message error prospect campaign agent
message.received              | Message Received               | message    | Triggers when a response is received from a prospect.     | message prospect campaign agent conversation
message.scheduled             | Message Scheduled              | message    | Triggers when a message is scheduled for sending.         | message schedule prospect campaign agent
connection.sent               | Connection Request Sent        | connection | Triggers when a LinkedIn connection request is sent.      | prospect campaign agent
connection.accepted           | Connection Accepted            | connection | Triggers when a LinkedIn connection request is accepted.  | prospect campaign agent
connection.rejected           | Connection Rejected            | connection | Triggers when a LinkedIn connection request is rejected.  | prospect campaign agent
connection.withdrawn          | Connection Withdrawn           | connection | Triggers when a LinkedIn connection request is withdrawn. | prospect campaign agent
agent.status_changed          | Agent Status Changed           | agent      | Triggers when an agent's status changes.                  | agent previous
agent.health_alert            | Agent Health Alert             | agent      | Triggers when an agent health alert is raised.            | agent alert
agent.limits_reached          | Agent Limits Reached           | agent      | Triggers when an agent reaches its daily limits.          | agent limits
agent.offline                 | Agent Offline                  | agent      | Triggers when an agent goes offline.                      | agent seen
`;

/** One of Kakiyo's events as the sandbox transcribes it. */
export interface KakiyoSandboxEvent {
	readonly id: string;
	readonly name: string;
	readonly category: string;
	readonly description: string;
	/** What its `data` holds: `guide` (flat ids), `+message`, or the nested parts by name. */
	readonly parts: readonly string[];
}

/** Kakiyo's 29 events, in the order of the table. */
export const KAKIYO_SANDBOX_EVENTS: readonly KakiyoSandboxEvent[] = TABLE.trim()
	.split('\n')
	.map((line) => {
		const [id = '', name = '', category = '', description = '', parts = ''] = line
			.split('|')
			.map((cell) => cell.trim());
		return { id, name, category, description, parts: parts.split(/[\s+]+/) };
	});

/** The webhooks guide's example team id. */
export const GUIDE_TEAM_ID = 'team_12345abcde';
/** The example endpoint's team. */
export const EXAMPLE_TEAM = { id: 'team_abc', name: 'Sales Team Alpha' };

/**
 * The team's campaigns and agents, as `GET /campaigns` and `GET /agents` list them: Kakiyo
 * documents one agent's fields (`GET /agents/{id}`), neither list's wrapper. An emitted event is
 * about the first of each unless the emit names another.
 */
export const KAKIYO_CAMPAIGNS = [
	{ id: 'campaign_sbx_1', name: 'Sandbox founders', status: 'active' },
	{ id: 'campaign_sbx_2', name: 'Sandbox agencies', status: 'active' },
] as const;
export const KAKIYO_AGENTS = [
	{ id: 'agent_sbx_1', name: 'Robin (SDR)', status: 'running' },
	{ id: 'agent_sbx_2', name: 'Sam (AE)', status: 'running' },
] as const;

/** Which campaign and agent an event is about, by id; the first of each by default. */
export interface KakiyoSubject {
	readonly campaign?: unknown;
	readonly agent?: unknown;
}

function pick<T extends { readonly id: string }>(list: readonly T[], id: unknown): T {
	return list.find((entry) => entry.id === id) ?? list[0]!;
}

/** The `data` of an event at `now`, built from its parts. */
export function kakiyoData(
	event: KakiyoSandboxEvent,
	now: string,
	subject: KakiyoSubject = {},
): Record<string, unknown> {
	const agent = { ...pick(KAKIYO_AGENTS, subject.agent) };
	const campaign = { ...pick(KAKIYO_CAMPAIGNS, subject.campaign) };
	const prospect = {
		id: 'prospect_sbx_1',
		name: 'Kim Park',
		email: 'kim.park@example.net',
		headline: 'Head of Sales at Example Ltd',
		url: 'https://www.linkedin.com/in/example-kim',
		location: { city: 'Lisbon', country: 'Portugal' },
	};
	const conversation = {
		id: 'chat_sbx_1',
		messageCount: 3,
		lastMessage: 'Sounds good!',
		lastActivity: now,
	};
	if (event.parts[0] === 'guide')
		return {
			agentId: agent.id,
			campaignId: campaign.id,
			chatId: conversation.id,
			prospectId: prospect.id,
			...(event.parts.includes('message') ? { message: 'Hello from the sandbox' } : {}),
			timestamp: now,
		};
	const parts: Record<string, Record<string, unknown>> = {
		agent: { agent },
		campaign: { campaign },
		prospect: { prospect },
		conversation: { conversation },
		message: { message: 'Hello from the sandbox' },
		error: { error: 'The recipient is not a connection.' },
		schedule: { scheduledFor: now },
		stats: {
			campaign: {
				...campaign,
				status: 'completed',
				completedAt: now,
				stats: { prospects: 10, messages: 24, responses: 4, qualified: 2, closed: 1 },
			},
		},
		previous: { agent: { ...agent, status: 'paused' }, previousStatus: 'active' },
		alert: { agent, alert: { type: 'session_expired', severity: 'high' } },
		limits: { agent, limits: { type: 'daily_messages', limit: 50, used: 50 } },
		seen: { agent: { ...agent, status: 'offline' }, lastSeenAt: now },
	};
	return Object.assign({}, ...event.parts.map((part) => parts[part] ?? {}));
}
