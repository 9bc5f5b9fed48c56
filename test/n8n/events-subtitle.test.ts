import {
	Workflow,
	type INode,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
} from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { BreakcoldTrigger } from '../../nodes/BreakcoldTrigger/BreakcoldTrigger.node.js';
import { KakiyoTrigger } from '../../nodes/KakiyoTrigger/KakiyoTrigger.node.js';
import { SaleshandyTrigger } from '../../nodes/SaleshandyTrigger/SaleshandyTrigger.node.js';
import {
	eventsSubtitle,
	SUBTITLE_NAMES_SHOWN,
} from '../../nodes/trigger-factory/events-subtitle.js';
import { providerTrigger } from '../../nodes/trigger-factory/trigger.js';
import type { ProviderDefinition } from '../../shared/index.js';
import { breakcold } from '../../shared/providers/breakcold/index.js';
import { kakiyo } from '../../shared/providers/kakiyo/index.js';
import { saleshandy } from '../../shared/providers/saleshandy/index.js';

/**
 * The subtitle as n8n 2.40.7's canvas computes it (`getNodeSubtitle` in the editor's
 * useNodeHelpers): `workflow.expression.getSimpleParameterValue(node, nodeType.subtitle,
 * 'internal', {}, undefined, PLACEHOLDER)`, in a workflow holding the node, with n8n-workflow
 * 2.40.1, the version n8n 2.40.7 ships. `$parameter` holds the node's parameters resolved against
 * the node type's properties, so the type is the factory's real description.
 */
function subtitleOf(
	provider: ProviderDefinition,
	events: unknown,
	subtitle: string = eventsSubtitle(provider),
): unknown {
	const description: INodeTypeDescription = providerTrigger(provider, { description: '' })
		.description as INodeTypeDescription;
	const type: INodeType = { description };
	const nodeTypes: INodeTypes = {
		getByName: () => type,
		getByNameAndVersion: () => type,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'trigger',
		name: description.defaults.name ?? 'Trigger',
		type: `n8n-nodes-${provider.id}.${provider.id}Trigger`,
		typeVersion: 1.1,
		position: [0, 0],
		parameters: events === undefined ? {} : { events: events as string[] },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		subtitle,
		'internal',
		{},
		undefined,
		'[filled at execution time]',
	);
}

const PROVIDERS = [kakiyo, saleshandy, breakcold];
const NODES: Record<string, INodeType> = {
	kakiyo: new KakiyoTrigger(),
	saleshandy: new SaleshandyTrigger(),
	breakcold: new BreakcoldTrigger(),
};
const nameOf = (provider: ProviderDefinition, id: string) =>
	provider.events.find((event) => event.id === id)!.name;

describe.each(PROVIDERS)('the $displayName Trigger subtitle on the canvas', (provider) => {
	const [first, second, ...rest] = provider.events.map((event) => event.id);

	it("shows one chosen event's name from the catalogue", () => {
		expect(subtitleOf(provider, [first])).toBe(nameOf(provider, first!));
	});

	it(`shows ${SUBTITLE_NAMES_SHOWN} names and counts the rest`, () => {
		expect(subtitleOf(provider, [first, second])).toBe(
			`${nameOf(provider, first!)}, ${nameOf(provider, second!)}`,
		);
		expect(subtitleOf(provider, [first, second, ...rest.slice(0, 3)])).toBe(
			`${nameOf(provider, first!)}, ${nameOf(provider, second!)} +3`,
		);
	});

	it('shows nothing when no event is chosen (n8n marks the required parameter)', () => {
		expect(subtitleOf(provider, [])).toBe('');
		expect(subtitleOf(provider, undefined)).toBe('');
	});

	it('shows an id the catalogue does not know as it is, an inherited name too', () => {
		expect(subtitleOf(provider, ['not.an.event'])).toBe('not.an.event');
		expect(subtitleOf(provider, ['constructor', first])).toBe(
			`constructor, ${nameOf(provider, first!)}`,
		);
	});

	it('names the events an expression gives, or a single id', () => {
		expect(subtitleOf(provider, `={{ ["${first}"] }}`)).toBe(nameOf(provider, first!));
		expect(subtitleOf(provider, first)).toBe(nameOf(provider, first!));
	});

	it("is the subtitle of the factory's description and of the node n8n loads", () => {
		expect(providerTrigger(provider, { description: '' }).description.subtitle).toBe(
			eventsSubtitle(provider),
		);
		expect(NODES[provider.id]?.description.subtitle).toBe(eventsSubtitle(provider));
	});
});

describe('the wildcard in the subtitle', () => {
	it.each([kakiyo, breakcold])('$displayName shows "All events" for its wildcard', (provider) => {
		expect(subtitleOf(provider, [provider.wildcard])).toBe('All events');
		expect(subtitleOf(provider, [provider.events[0]!.id, provider.wildcard])).toBe('All events');
	});

	it('Saleshandy, which has no wildcard, shows a "*" as the unknown id it is', () => {
		expect((saleshandy as ProviderDefinition).wildcard).toBeUndefined();
		expect(subtitleOf(saleshandy, ['*'])).toBe('*');
	});
});
