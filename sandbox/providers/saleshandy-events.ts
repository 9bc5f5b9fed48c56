/**
 * The sandbox's own transcription of Saleshandy's events and payloads, kept apart from the
 * connector's catalogue on purpose: the simulator must be able to disagree. The ids are the
 * `webhookEvent` values of the create-webhook page (seed `002`), in its order. Only `email-sent`'s
 * payload is public (`research/saleshandy-breakcold.md`); the others are this sandbox's guesses,
 * built from the same parts. One line per event: id, the field dating it, the parts it carries.
 */
const TABLE = `
email-sent                    | emailSentAt       | prospect sequence user
email-opened                  | emailOpenedAt     | prospect sequence user open
email-link-clicked            | linkClickedAt     | prospect sequence user click
reply-received                | replyReceivedAt   | prospect sequence user reply
email-bounced                 | emailBouncedAt    | prospect sequence user bounce
prospect-unsubscribed         | unsubscribedAt    | prospect sequence user
prospect-finished             | finishedAt        | prospect sequence user
prospect-outcome-updated      | outcomeUpdatedAt  | prospect sequence user outcome
sequence-paused               | pausedAt          | sequence user pause
email-account-disconnected    | disconnectedAt    | emailAccount user
email-account-paused          | pausedAt          | emailAccount user pause
inbox-analyser-test-completed | completedAt       | emailAccount user inboxTest
task-created                  | taskCreatedAt     | task prospect sequence user
task-updated                  | taskUpdatedAt     | task prospect sequence user
bulk-task-updated             | taskUpdatedAt     | tasks user
call-task-updated             | taskUpdatedAt     | callTask prospect sequence user
linkedin-task-updated         | taskUpdatedAt     | linkedinTask prospect sequence user
custom-task-updated           | taskUpdatedAt     | customTask prospect sequence user
whatsapp-task-updated         | taskUpdatedAt     | whatsappTask prospect sequence user
`;

interface SaleshandySandboxEvent {
	readonly id: string;
	/** The field holding when it happened, `emailSentAt` as documented for `email-sent`. */
	readonly dateField: string;
	readonly parts: readonly string[];
}

const EVENTS: ReadonlyMap<string, SaleshandySandboxEvent> = new Map(
	TABLE.trim()
		.split('\n')
		.map((line) => {
			const [id = '', dateField = '', parts = ''] = line.split('|').map((cell) => cell.trim());
			return [id, { id, dateField, parts: parts.split(/\s+/) }];
		}),
);

/** The 19 events Saleshandy lets a webhook subscribe to, in its documented order. */
export const SALESHANDY_SANDBOX_EVENTS: readonly string[] = [...EVENTS.keys()];

const prospect = {
	id: 48213,
	firstName: 'Lee',
	lastName: 'Okafor',
	email: 'lee.okafor@example.org',
	jobTitle: 'Operations Manager',
	company: 'Fabrikam',
	companyWebsite: 'https://fabrikam.example.org',
	phoneNumber: '+1 555 0100',
	linkedinProfile: 'https://www.linkedin.com/in/example-lee',
	customFields: { Region: 'EMEA' },
	tag: ['sandbox'],
	latestStatus: 'Contacted',
};
/**
 * The account's sequences, each as a delivery carries it (`sequence.id`, `sequenceName`) and as
 * `GET /sequences` lists it (its own `id`, `title`): Saleshandy's example delivery shows
 * "139223" where its API lists ids like "JA5YdAr9wy", so the sandbox keeps them apart too.
 */
export const SALESHANDY_SEQUENCES = [
	{ id: 101, listedId: 'JA5YdAr9wy', sequenceName: 'Sandbox sequence', active: true },
	{ id: 102, listedId: 'Kq2XbPz8mT', sequenceName: 'Sandbox follow-up', active: true },
] as const;

function sequenceOf(chosen: unknown) {
	const { id, sequenceName } =
		SALESHANDY_SEQUENCES.find(
			(entry) => entry.sequenceName === chosen || String(entry.id) === String(chosen),
		) ?? SALESHANDY_SEQUENCES[0];
	return {
		id,
		sequenceName,
		stepID: 5001,
		stepNumber: 1,
		variant: 'A',
		emailSubject: 'Hello from the sandbox',
		emailBody: '<p>Hi Lee</p>',
		senderEmail: 'rep@example.org',
		latestOutcome: 'Positive',
	};
}
const user = { id: 7, firstName: 'Rene', lastName: 'Rep', email: 'rep@example.org' };
const emailAccount = { id: 3302, email: 'rep@example.org', fromName: 'Rene Rep', type: 'gmail' };
const task = { id: 9120, type: 'manual', status: 'completed', priority: 'high' };

/** Each part's fields at `now`, about the chosen sequence. */
const PARTS: Readonly<Record<string, (now: string, sequence: unknown) => Record<string, unknown>>> =
	{
		prospect: () => ({ prospect }),
		sequence: (_now, chosen) => ({ sequence: sequenceOf(chosen) }),
		user: () => ({ user }),
		emailAccount: () => ({ emailAccount }),
		open: () => ({ openCount: 1 }),
		click: () => ({ linkUrl: 'https://fabrikam.example.org/pricing', clickCount: 1 }),
		reply: () => ({ replySubject: 'Re: Hello from the sandbox', replyBody: 'Tell me more.' }),
		bounce: () => ({ bounceType: 'hard', bounceReason: '550 5.1.1 mailbox unavailable' }),
		outcome: () => ({ outcome: 'Meeting booked', previousOutcome: 'Positive' }),
		pause: () => ({ pauseReason: 'Paused from the sandbox' }),
		inboxTest: () => ({ inboxTest: { inbox: 9, spam: 1, notReceived: 0, score: 90 } }),
		task: (now) => ({ task: { ...task, dueDate: now } }),
		tasks: (now) => ({
			tasks: [
				{ ...task, dueDate: now },
				{ ...task, id: 9121, status: 'skipped', dueDate: now },
			],
		}),
		callTask: (now) => ({
			task: { ...task, type: 'call', callOutcome: 'Connected', dueDate: now },
		}),
		linkedinTask: (now) => ({
			task: { ...task, type: 'linkedin-connection-request', dueDate: now },
		}),
		customTask: (now) => ({
			task: { ...task, type: 'custom', title: 'Send a note', dueDate: now },
		}),
		whatsappTask: (now) => ({
			task: { ...task, type: 'whatsapp', message: 'Hi Lee, a quick question', dueDate: now },
		}),
	};

/**
 * A delivery of `eventId`, one of `SALESHANDY_SANDBOX_EVENTS`, at `now` with `data` merged over
 * it; `sequence` (a delivery's id or name) picks which sequence it is about, the first by default.
 */
export function saleshandyEventBody(
	eventId: string,
	now: string,
	data: Record<string, unknown> = {},
	sequence?: unknown,
): Record<string, unknown> {
	const event = EVENTS.get(eventId)!;
	const parts = event.parts.map((part) => PARTS[part]?.(now, sequence) ?? {});
	return { event: eventId, [event.dateField]: now, ...Object.assign({}, ...parts), ...data };
}
