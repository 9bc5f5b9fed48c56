// Generated from shared/providers/kakiyo/filters.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import { z } from 'zod/v4';

import type { ApiCall } from '../../api-call.js';
import type { DeliveryFilter, FilterOption } from '../../filters.js';
import { callsWith, UNEXPECTED, unwrap } from '../../provider-call.js';
import { kakiyoWording } from './errors.js';

/** How many a dropdown lists: Kakiyo's own n8n node asks for 50; more are typed or in an expression. */
const LIST_LIMIT = '100';

const call = callsWith(kakiyoWording);

const itemSchema = z.looseObject({
	id: z.union([z.string().min(1), z.number()]).transform(String),
	name: z.string().optional().catch(undefined),
	status: z.string().optional().catch(undefined),
});

/**
 * A list answer read tolerantly: Kakiyo documents neither `GET /campaigns`' nor `GET /agents`'
 * body (docs/research/issue-22-filters.md), so a bare array or one under `data`, `items` or the
 * resource's own name; an item needs an id, its name and status show where it has them.
 */
function listOf(resource: string) {
	return (body: unknown): FilterOption[] | typeof UNEXPECTED => {
		const list = unwrap(body, resource, 'data', 'items');
		const parsed = z.array(z.unknown()).safeParse(list);
		if (!parsed.success) return UNEXPECTED;
		return parsed.data.flatMap((entry) => {
			const item = itemSchema.safeParse(entry);
			if (!item.success) return [];
			const { id, name, status } = item.data;
			return [{ value: id, name: `${name ?? id}${status === undefined ? '' : ` (${status})`}` }];
		});
	};
}

const listing = (resource: 'campaigns' | 'agents') => (): ApiCall<FilterOption[]> =>
	call(
		{ method: 'GET', path: `/${resource}`, query: { limit: LIST_LIMIT } },
		`listing the ${resource}`,
		listOf(resource),
	);

const COST =
	'Each load of this list is one call to the Kakiyo API, which counts against your credits.';

/**
 * Kakiyo's deliveries carry their campaign and agent in two documented forms: the webhooks
 * guide's flat `data.campaignId` / `data.agentId`, the example endpoint's nested
 * `data.campaign.id` / `data.agent.id`. Kakiyo registers a hook for events only, so the trigger
 * filters.
 */
export const KAKIYO_FILTERS: readonly DeliveryFilter[] = [
	{
		key: 'campaigns',
		label: 'Campaigns',
		noun: 'campaign',
		paths: [
			['data', 'campaignId'],
			['data', 'campaign', 'id'],
		],
		help: `Kakiyo documents a campaign on LinkedIn messages, qualified prospects and completed campaigns, and its guide says every delivery has one; agent events carry none. ${COST}`,
		listOptions: listing('campaigns'),
	},
	{
		key: 'agents',
		label: 'Agents',
		noun: 'agent',
		paths: [
			['data', 'agentId'],
			['data', 'agent', 'id'],
		],
		help: `Kakiyo documents an agent on LinkedIn messages and completed campaigns; its example of a qualified prospect carries none. ${COST}`,
		listOptions: listing('agents'),
	},
];
