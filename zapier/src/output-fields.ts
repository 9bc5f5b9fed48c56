import { ownValue, type ProviderDefinition } from '../../shared/index.js';

export interface OutputField {
	key: string;
	label: string;
	type: 'string' | 'number' | 'boolean' | 'datetime';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ACRONYMS: Readonly<Record<string, string>> = { id: 'ID', url: 'URL', linkedin: 'LinkedIn' };

function words(segment: string): string[] {
	return segment
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/[\s_]+/)
		.map(
			(word) =>
				ownValue(ACRONYMS, word.toLowerCase()) ?? word.charAt(0).toUpperCase() + word.slice(1),
		);
}

function typeOf(value: unknown): OutputField['type'] {
	if (typeof value === 'number') return 'number';
	if (typeof value === 'boolean') return 'boolean';
	if (typeof value === 'string' && ISO_DATE.test(value)) return 'datetime';
	return 'string';
}

/** Zapier's flattened keys (`data__prospect__name`) for every leaf of a sample. */
function leaves(value: unknown, path: string[] = []): Array<[string[], unknown]> {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		return Object.entries(value).flatMap(([key, inner]) => leaves(inner, [...path, key]));
	}
	return [[path, value]];
}

/** Output fields of one or more events, from the definition's samples; labels drop the `data` level. */
export function outputFieldsFor(
	provider: ProviderDefinition,
	eventIds: readonly string[],
): OutputField[] {
	const fields = new Map<string, OutputField>([
		['id', { key: 'id', label: 'Delivery ID', type: 'string' }],
	]);
	for (const eventId of eventIds) {
		for (const [path, value] of leaves(provider.sampleFor(eventId))) {
			const key = path.join('__');
			if (fields.has(key)) continue;
			const named = path[0] === 'data' && path.length > 1 ? path.slice(1) : path;
			fields.set(key, { key, label: named.flatMap(words).join(' '), type: typeOf(value) });
		}
	}
	const labels = new Map<string, number>();
	for (const field of fields.values()) labels.set(field.label, (labels.get(field.label) ?? 0) + 1);
	return [...fields.values()].map((field) =>
		(labels.get(field.label) ?? 0) > 1 && field.key.startsWith('data__')
			? { ...field, label: `Data ${field.label}` }
			: field,
	);
}
