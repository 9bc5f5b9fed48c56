import { send, type ApiCall, type Transport } from './api-call.js';
import type { ProviderDefinition } from './provider.js';

/** One choice of a filter's dropdown. */
export interface FilterOption {
	/** What a delivery carries: the id, or the name where the payload carries no id. */
	readonly value: string;
	readonly name: string;
}

/**
 * A field of the provider's deliveries a trigger can be narrowed to (a campaign, a sequence):
 * the adapters show it as a dropdown, and drop a delivery that carries the field with none of the
 * chosen values, after authenticating it and before a run (n8n) or a record (Zapier) starts.
 */
export interface DeliveryFilter {
	/** The parameter's name in n8n and the input field's key in Zapier, e.g. `campaigns`. */
	readonly key: string;
	/** Plural, as a field label: `Campaigns`. */
	readonly label: string;
	/** Singular, for help texts: `campaign`. */
	readonly noun: string;
	/**
	 * Where a delivery carries it, as key paths from the body's top: a delivery matches when a
	 * value at any path (a string or a number) is one of the chosen.
	 */
	readonly paths: readonly (readonly string[])[];
	/** Which events carry it and how that is known, and what listing costs, for the field's help. */
	readonly help: string;
	/** Values as a user would type them, for a field's placeholder, e.g. `person, company`. */
	readonly example?: string;
	/** The provider's list of choices; absent where it lists none (the user types a value). */
	readonly listOptions?: () => ApiCall<FilterOption[]>;
}

/** What the user chose: the values of each filter by key, and what an event without the field does. */
export interface FilterChoice {
	readonly values: Readonly<Record<string, unknown>>;
	/** Whether an event that does not carry a filtered field runs; `true` unless turned off. */
	readonly keepWithout?: unknown;
}

/** Why a delivery starts nothing, for the log. */
export interface FilteredOut {
	readonly filter: DeliveryFilter;
	/** What the delivery carries at the filter's paths; empty when it carries nothing there. */
	readonly carried: readonly string[];
}

/** A string or a finite number as the trimmed string it is compared as; nothing for anything else. */
function readable(value: unknown): string | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

/**
 * Stands for a value a delivery carries, or a user chose, that cannot be read as an id or a name
 * (an object, a boolean): it matches nothing, so it neither passes as absent nor widens a filter.
 */
const UNREADABLE = '\u0000unreadable';

/**
 * What `body` holds at `path`: nothing where it holds nothing (or `null` or an empty string), each
 * item of a list, and `UNREADABLE` for anything that is there but is no string or number.
 */
function valuesAt(body: unknown, path: readonly string[]): string[] {
	let here: unknown = body;
	for (const key of path) {
		if (here === null || typeof here !== 'object' || Array.isArray(here)) return [];
		if (!Object.hasOwn(here, key)) return [];
		here = (here as Record<string, unknown>)[key];
	}
	if (here === null || here === undefined || (typeof here === 'string' && here.trim() === ''))
		return [];
	const items: unknown[] = Array.isArray(here) ? here : [here];
	return items.map((item) => readable(item) ?? UNREADABLE);
}

/**
 * The values the user chose, from what the platform hands over: a list, a comma-separated string
 * (an expression may yield one), or a number; numbers as the strings a delivery's are compared as.
 * An item that is no string or number (an expression's object) is `UNREADABLE`, which matches
 * nothing: a choice the trigger cannot read never lets every delivery through.
 */
export function chosenValues(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	const items: unknown[] = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',')
			: [value];
	return [
		...new Set(
			items.flatMap((item) => {
				// Blank or missing, as an expression over an empty field yields: no choice.
				if (item === null || item === undefined) return [];
				if (typeof item === 'string' && item.trim() === '') return [];
				return [readable(item) ?? UNREADABLE];
			}),
		),
	];
}

/** What a delivery carries for a filter, at any of its paths (`UNREADABLE` where it cannot be read). */
export function carriedValues(filter: DeliveryFilter, body: unknown): string[] {
	return [...new Set(filter.paths.flatMap((path) => valuesAt(body, path)))];
}

/**
 * Whether events without a filtered field run, from what the platform hands over: a boolean, or
 * the text an expression or a Zap's field gives. Only a clear no (`false`, `'false'`, `'no'`,
 * `0`, `'0'`) turns it off; anything else, or nothing, leaves it on.
 */
export function keepsEventsWithout(value: unknown): boolean {
	if (value === false || value === 0) return false;
	return !(typeof value === 'string' && ['false', 'no', '0'].includes(value.trim().toLowerCase()));
}

/** The provider's filters, none for a provider without any. */
export function filtersOf(provider: ProviderDefinition): readonly DeliveryFilter[] {
	return provider.filters ?? [];
}

/** The provider's filters whose choices it lists: each gets a dropdown; the others are typed. */
export function listedFilters(provider: ProviderDefinition): DeliveryFilter[] {
	return filtersOf(provider).filter((filter) => filter.listOptions !== undefined);
}

/**
 * The first filter an authenticated delivery fails, or `undefined` when it passes them all. A
 * filter with nothing chosen passes everything; chosen values come as the platform hands them
 * over (a list, or a comma-separated string from an expression) and are compared as trimmed
 * strings, exactly otherwise.
 * Read only from the authenticated body: nothing the sender can add beside it decides.
 */
export function filteredOut(
	provider: ProviderDefinition,
	body: unknown,
	choice: FilterChoice,
): FilteredOut | undefined {
	const keepWithout = keepsEventsWithout(choice.keepWithout);
	for (const filter of filtersOf(provider)) {
		const chosen = chosenValues(choice.values[filter.key]);
		if (chosen.length === 0) continue;
		const carried = carriedValues(filter, body);
		const matches = carried.some((value) => value !== UNREADABLE && chosen.includes(value));
		if (carried.length === 0 ? !keepWithout : !matches) return { filter, carried };
	}
	return undefined;
}

/** The log line for a delivery a filter dropped; the values are the provider's ids, no secret. */
export function filteredOutMessage(event: string, { filter, carried }: FilteredOut): string {
	return carried.length === 0
		? `a "${event}" delivery carries no ${filter.noun} and events without one are set to be skipped: no run`
		: `a "${event}" delivery of ${filter.noun} ${carried.map((value) => (value === UNREADABLE ? '(not an id)' : value)).join(', ')} is not one of the chosen: no run`;
}

/** The help under a filter's field, the same words in n8n and Zapier. */
export function filterHelp(provider: ProviderDefinition, filter: DeliveryFilter): string {
	return `Only ${provider.displayName} events of these ${filter.label.toLowerCase()} start a run; none chosen, every one does. ${filter.help} An event that carries no ${filter.noun} still runs unless you turn off the option for events without one.`;
}

/** The help of the option that lets events without a filtered field through. */
export function keepWithoutHelp(provider: ProviderDefinition): string {
	const nouns = filtersOf(provider).map((filter) => filter.noun);
	return `Whether an event that carries no ${nouns.join(' or ')} (such as ${provider.displayName}'s events about something else) still starts a run when you filter on one. Off, only events that carry a chosen value run.`;
}

/**
 * A filter's choices from the provider; an empty list when it lists none. The adapter's dropdown
 * shows the error a failed call throws (a `ProviderError`, in the provider's words).
 */
export async function loadFilterOptions(
	filter: DeliveryFilter,
	transport: Transport,
): Promise<FilterOption[]> {
	if (filter.listOptions === undefined) return [];
	return send(transport, filter.listOptions());
}
