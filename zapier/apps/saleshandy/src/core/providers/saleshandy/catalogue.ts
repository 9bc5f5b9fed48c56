// Generated from shared/providers/saleshandy/catalogue.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { CatalogueEvent } from '../../provider.js';

function event(id: string, name: string, description: string, category: string): CatalogueEvent {
	return { id, name, description, category };
}

/**
 * The 19 events Saleshandy's create-webhook API accepts (`webhookEvent`), grouped as its help
 * centre groups them; the descriptions are the connector's, Saleshandy gives names only.
 * Saleshandy has no event meaning "all": a user picks the ones wanted.
 */
export const SALESHANDY_EVENTS: readonly CatalogueEvent[] = [
	event(
		'email-sent',
		'Email Sent',
		'Triggers when a sequence step sends an email to a prospect.',
		'Email',
	),
	event('email-opened', 'Email Opened', 'Triggers when a prospect opens an email.', 'Email'),
	event(
		'email-link-clicked',
		'Email Link Clicked',
		'Triggers when a prospect clicks a tracked link in an email.',
		'Email',
	),
	event(
		'reply-received',
		'Reply Received',
		'Triggers when a prospect replies to an email.',
		'Email',
	),
	event('email-bounced', 'Email Bounced', 'Triggers when an email to a prospect bounces.', 'Email'),
	event(
		'prospect-unsubscribed',
		'Prospect Unsubscribed',
		'Triggers when a prospect unsubscribes.',
		'Prospect',
	),
	event(
		'prospect-finished',
		'Prospect Finished',
		'Triggers when a prospect reaches the end of a sequence.',
		'Prospect',
	),
	event(
		'prospect-outcome-updated',
		'Prospect Outcome Updated',
		"Triggers when a prospect's outcome (interested, meeting booked, ...) changes.",
		'Prospect',
	),
	event('sequence-paused', 'Sequence Paused', 'Triggers when a sequence is paused.', 'Sequence'),
	event(
		'email-account-disconnected',
		'Email Account Disconnected',
		'Triggers when a sending email account disconnects.',
		'Email account',
	),
	event(
		'email-account-paused',
		'Email Account Paused',
		'Triggers when a sending email account is paused.',
		'Email account',
	),
	event(
		'inbox-analyser-test-completed',
		'Inbox Analyser Test Completed',
		'Triggers when an inbox placement test finishes.',
		'Inbox analyser',
	),
	event('task-created', 'Task Created', 'Triggers when a task is created.', 'Tasks'),
	event('task-updated', 'Task Updated', 'Triggers when a task is updated.', 'Tasks'),
	event(
		'bulk-task-updated',
		'Bulk Task Updated',
		'Triggers when several tasks are updated at once.',
		'Tasks',
	),
	event('call-task-updated', 'Call Task Updated', 'Triggers when a call task is updated.', 'Tasks'),
	event(
		'linkedin-task-updated',
		'LinkedIn Task Updated',
		'Triggers when a LinkedIn task is updated.',
		'Tasks',
	),
	event(
		'custom-task-updated',
		'Custom Task Updated',
		'Triggers when a custom task is updated.',
		'Tasks',
	),
	event(
		'whatsapp-task-updated',
		'WhatsApp Task Updated',
		'Triggers when a WhatsApp task is updated.',
		'Tasks',
	),
];
