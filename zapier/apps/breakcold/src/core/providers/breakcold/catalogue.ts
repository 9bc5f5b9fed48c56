// Generated from shared/providers/breakcold/catalogue.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { CatalogueEvent } from '../../provider.js';

/** Which of Breakcold's two webhook formats sends an event. */
export type BreakcoldFormat = 'legacy' | 'current';

export interface BreakcoldCatalogueEvent extends CatalogueEvent {
	readonly format: BreakcoldFormat;
}

/** The connector's own "every event"; Breakcold's webhooks have none. */
export const BREAKCOLD_WILDCARD = '*';

const LEGACY: ReadonlyArray<readonly [category: string, ids: string]> = [
	['Lead', 'lead.create lead.update lead.delete'],
	[
		'Lead activity',
		'lead.status.update lead.list.update lead.tags.update lead.track lead.task.create lead.task.update lead.task.delete lead.note.create lead.note.update lead.note.delete',
	],
	['Lead message', 'lead.linkedin.new lead.twitter.new lead.email.new'],
	['Campaign', 'campaign.create campaign.update campaign.delete'],
	[
		'Campaign email',
		'campaign.email.sent campaign.email.reply campaign.email.open campaign.email.click campaign.email.bounce campaign.email.unsubscribe',
	],
	['List', 'list.create list.update list.delete'],
	['Status', 'status.create status.update status.delete'],
	['Tag', 'tag.create tag.update tag.delete'],
];

const CURRENT: ReadonlyArray<readonly [category: string, ids: string]> = [
	['Record', 'record.created record.updated record.deleted'],
	['Task', 'task.created task.completed'],
	['Note', 'note.created note.updated note.deleted'],
	['Call', 'call.linked call.unlinked'],
	['File', 'file.uploaded file.deleted'],
];

const VERBS: Readonly<Record<string, string>> = {
	create: 'is created',
	created: 'is created',
	update: 'is updated',
	updated: 'is updated',
	delete: 'is deleted',
	deleted: 'is deleted',
	completed: 'is completed',
	linked: 'is linked to a record',
	unlinked: 'is unlinked from a record',
	uploaded: 'is uploaded',
	track: 'is tracked',
	new: 'arrives',
	sent: 'is sent',
	reply: 'gets a reply',
	open: 'is opened',
	click: 'gets a click',
	bounce: 'bounces',
	unsubscribe: 'leads to an unsubscribe',
};

function title(words: string[]): string {
	return words
		.map((word) =>
			word === 'linkedin' ? 'LinkedIn' : word.charAt(0).toUpperCase() + word.slice(1),
		)
		.join(' ');
}

/** "lead.tags.update" → "Lead Tags Update" and "Triggers when a lead's tags are updated." style text. */
function event(id: string, category: string, format: BreakcoldFormat): BreakcoldCatalogueEvent {
	const parts = id.split('.');
	const verb = parts[parts.length - 1] ?? '';
	const subject = parts.slice(0, -1).join(' ');
	return {
		id,
		name: title(parts),
		description: `Triggers when a ${subject} ${VERBS[verb] ?? verb} (${format === 'legacy' ? 'legacy webhooks' : 'current webhooks'}).`,
		category,
		format,
	};
}

/**
 * Both formats' events in one catalogue, each marked with the format that sends it: the legacy
 * list from Breakcold's webhook page (seed `003`), the current one from docs.breakcold.com.
 */
export const BREAKCOLD_EVENTS: readonly BreakcoldCatalogueEvent[] = [
	...LEGACY.flatMap(([category, ids]) => ids.split(' ').map((id) => event(id, category, 'legacy'))),
	...CURRENT.flatMap(([category, ids]) =>
		ids.split(' ').map((id) => event(id, category, 'current')),
	),
];
