// Generated from shared/providers/saleshandy/samples.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
/**
 * A realistic delivery of each event. `email-sent` follows the payload Saleshandy documents;
 * Saleshandy publishes no other payload, so the rest are the connector's own, built from the
 * same prospect, sequence and user parts, and marked `"_connectorSample": true` so nobody
 * mistakes them for Saleshandy's.
 */
import { ownValue } from '../../own-value.js';

const AT = '2026-11-20T09:15:00.000Z';

const prospect = {
	id: 'prs_7c1f9a',
	firstName: 'Dana',
	lastName: 'Reyes',
	email: 'dana.reyes@example.com',
	jobTitle: 'Head of Growth',
	companyName: 'Northwind Traders',
	companyWebsite: 'https://northwind.example.com',
	customFields: { Industry: 'Logistics' },
	tag: ['q4-outbound'],
	latestStatus: 'Contacted',
};

const sequence = {
	id: 'seq_41b2',
	sequenceName: 'Q4 logistics outreach',
	stepID: 'stp_93d0',
	stepNumber: '2',
	variant: 'A',
	emailSubject: 'Dana, a faster way to plan routes',
	emailBody: '<p>Hi Dana, following up on my note last week…</p>',
	senderEmail: 'sam@outreach.example.com',
	latestOutcome: 'Interested',
};

const user = { firstName: 'Sam', lastName: 'Patel', email: 'sam@outreach.example.com' };

const emailAccount = { id: 'eac_5e21', email: 'sam@outreach.example.com', provider: 'gmail' };

const task = {
	id: 'tsk_2a77',
	type: 'manual',
	status: 'completed',
	dueAt: '2026-11-21T10:00:00.000Z',
	note: 'Call after the second email',
};

const own = (event: string, fields: Record<string, unknown>) => ({
	event,
	...fields,
	_connectorSample: true,
});

const SAMPLES: Record<string, Record<string, unknown>> = {
	'email-sent': { event: 'email-sent', emailSentAt: AT, prospect, sequence, user },
	'email-opened': own('email-opened', {
		emailOpenedAt: AT,
		openCount: 2,
		prospect,
		sequence,
		user,
	}),
	'email-link-clicked': own('email-link-clicked', {
		emailLinkClickedAt: AT,
		link: 'https://northwind.example.com/demo',
		prospect,
		sequence,
		user,
	}),
	'reply-received': own('reply-received', {
		replyReceivedAt: AT,
		replyBody: 'Thanks Sam, can we talk on Thursday?',
		prospect,
		sequence,
		user,
	}),
	'email-bounced': own('email-bounced', {
		emailBouncedAt: AT,
		bounceType: 'hard',
		prospect,
		sequence,
		user,
	}),
	'prospect-unsubscribed': own('prospect-unsubscribed', {
		unsubscribedAt: AT,
		prospect,
		sequence,
		user,
	}),
	'prospect-finished': own('prospect-finished', { finishedAt: AT, prospect, sequence, user }),
	'prospect-outcome-updated': own('prospect-outcome-updated', {
		updatedAt: AT,
		previousOutcome: 'Interested',
		outcome: 'Meeting booked',
		prospect,
		sequence,
		user,
	}),
	'sequence-paused': own('sequence-paused', {
		pausedAt: AT,
		reason: 'Paused by user',
		sequence: { id: sequence.id, sequenceName: sequence.sequenceName },
		user,
	}),
	'email-account-disconnected': own('email-account-disconnected', {
		disconnectedAt: AT,
		emailAccount,
		user,
	}),
	'email-account-paused': own('email-account-paused', {
		pausedAt: AT,
		reason: 'Daily sending limit reached',
		emailAccount,
		user,
	}),
	'inbox-analyser-test-completed': own('inbox-analyser-test-completed', {
		completedAt: AT,
		emailAccount,
		result: { inbox: 18, spam: 2, missing: 0 },
		user,
	}),
	'task-created': own('task-created', { createdAt: AT, task, prospect, sequence, user }),
	'task-updated': own('task-updated', { updatedAt: AT, task, prospect, sequence, user }),
	'bulk-task-updated': own('bulk-task-updated', {
		updatedAt: AT,
		tasks: [task, { ...task, id: 'tsk_2a78', status: 'skipped' }],
		user,
	}),
	'call-task-updated': own('call-task-updated', {
		updatedAt: AT,
		task: { ...task, type: 'call', callOutcome: 'Connected' },
		prospect,
		sequence,
		user,
	}),
	'linkedin-task-updated': own('linkedin-task-updated', {
		updatedAt: AT,
		task: { ...task, type: 'linkedin', action: 'connection-request' },
		prospect,
		sequence,
		user,
	}),
	'custom-task-updated': own('custom-task-updated', {
		updatedAt: AT,
		task: { ...task, type: 'custom', title: 'Send a handwritten note' },
		prospect,
		sequence,
		user,
	}),
	'whatsapp-task-updated': own('whatsapp-task-updated', {
		updatedAt: AT,
		task: { ...task, type: 'whatsapp', message: 'Hi Dana, quick question…' },
		prospect,
		sequence,
		user,
	}),
};

/** A realistic delivery of the event; an unknown id gets `email-sent`'s under that name. */
export function saleshandySampleFor(eventId: string): Record<string, unknown> {
	const sample = ownValue(SAMPLES, eventId) ?? { ...SAMPLES['email-sent'], event: eventId };
	return structuredClone(sample);
}
