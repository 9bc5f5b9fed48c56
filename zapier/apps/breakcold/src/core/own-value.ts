// Generated from shared/own-value.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
/**
 * `table[key]` where `key` is the table's own: never what an object inherits (`constructor`,
 * `toString`, `__proto__`), which a look-up keyed by user input (an event id typed into a
 * trigger) would otherwise return.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
	return Object.hasOwn(table, key) ? table[key] : undefined;
}
