/**
 * What the demo filters for each provider, in n8n and in Zapier alike: one of two campaigns
 * (sequences, object types) the sandbox plays, and the events it sends about each.
 */
export interface FilterDemo {
	/** The filter's values by its key: the n8n trigger's parameters and the Zap's input fields. */
	readonly parameters: Record<string, unknown>;
	/** What the filter keeps, for the heading. */
	readonly keeps: string;
	readonly events: readonly string[];
	/** The sandbox's emit options for each of the two, by the name the table shows. */
	readonly about: Readonly<Record<string, Record<string, unknown>>>;
}

export const FILTER_DEMOS: Readonly<Record<string, FilterDemo>> = {
	kakiyo: {
		parameters: { campaigns: ['campaign_sbx_2'] },
		keeps: 'campaign "Sandbox agencies"',
		events: ['linkedin.message.received', 'prospect.qualified', 'campaign.completed'],
		about: {
			'Sandbox founders': { campaign: 'campaign_sbx_1' },
			'Sandbox agencies': { campaign: 'campaign_sbx_2' },
		},
	},
	saleshandy: {
		parameters: { sequences: ['Sandbox follow-up'] },
		keeps: 'sequence "Sandbox follow-up"',
		events: ['email-sent', 'email-opened', 'reply-received'],
		about: {
			'Sandbox sequence': { sequence: 'Sandbox sequence' },
			'Sandbox follow-up': { sequence: 'Sandbox follow-up' },
		},
	},
	breakcold: {
		parameters: { objectTypes: 'company' },
		keeps: 'object type "company"',
		events: ['record.created', 'record.updated'],
		about: {
			person: { data: { objectType: 'person', objectTypeName: 'Person' } },
			company: { data: { objectType: 'company', objectTypeName: 'Company' } },
		},
	},
};
