// Generated from nodes/trigger-factory/events-subtitle.ts by scripts/package-sources.ts: edit that file, then run npm run sources.
import type { ProviderDefinition } from '../shared/index.js';

/** How many event names the subtitle shows before it counts the rest ("A, B +3"). */
export const SUBTITLE_NAMES_SHOWN = 2;

/**
 * The subtitle's logic, an n8n expression function over the catalogue's `[id, name]` pairs, the
 * wildcard and the chosen events: "All events" for the wildcard, names (an id the catalogue does
 * not know as it is), the rest counted. The pairs are searched with `find`, not looked up in an
 * object, so that an id such as `constructor` finds nothing inherited.
 */
const SHOW = `((names, wildcard, chosen) => {
	const ids = [].concat(chosen ?? []).map(String);
	if (ids.includes(wildcard)) return "All events";
	const shown = ids.slice(0, ${SUBTITLE_NAMES_SHOWN}).map((id) => (names.find((pair) => pair[0] === id) ?? [id, id])[1]);
	return shown.join(", ") + (ids.length > ${SUBTITLE_NAMES_SHOWN} ? " +" + (ids.length - ${SUBTITLE_NAMES_SHOWN}) : "");
})`.replace(/\s*\n\s*/g, ' ');

/**
 * The node's subtitle in the canvas, an n8n expression evaluated by the editor (no call to the
 * provider): the chosen events' names from the provider's catalogue, "All events" for its
 * wildcard, at most {@link SUBTITLE_NAMES_SHOWN} names and then "+N" for the rest, nothing when
 * none is chosen.
 */
export function eventsSubtitle(provider: ProviderDefinition): string {
	const names = provider.events.map((event) => [event.id, event.name]);
	const data = `${JSON.stringify(names)}, ${JSON.stringify(provider.wildcard ?? null)}`;
	// n8n ends an expression at the first "}}": a name holding one would cut it short.
	if (data.includes('}}')) throw new TypeError('eventsSubtitle: an event name holds "}}"');
	return `={{${SHOW}(${data}, $parameter["events"])}}`;
}
