// Generated from shared/schema-check.ts by zapier/scripts/app-sources.ts: edit that file, then run npm run zapier:sources.
import type { ZodType } from 'zod/v4';

/** Whether a value passes a schema, as its `safeParse(value).success` says. */
export type Check = (value: unknown) => boolean;

/** The parts of a zod v4 schema's definition this reads; anything else is left to zod. */
interface Def {
	readonly type: string;
	readonly checks?: ReadonlyArray<{ readonly _zod: { readonly def: CheckDef } }>;
	readonly coerce?: boolean;
	readonly shape?: Readonly<Record<string, ZodType>>;
	readonly catchall?: ZodType;
	readonly innerType?: ZodType;
	readonly options?: readonly ZodType[];
	readonly element?: ZodType;
	readonly values?: readonly unknown[];
}

interface CheckDef {
	readonly check: string;
	readonly minimum?: number;
	readonly fn?: (value: unknown) => unknown;
	readonly when?: unknown;
	readonly abort?: boolean;
}

const compiled = new WeakMap<ZodType, Check>();

/**
 * A plain function that says what `schema.safeParse(value).success` says, without zod's copy of
 * the value and its issue list: the receive path checks every delivery and only a delivery that
 * fails needs zod's words. It reads the schema's definition for the forms the definitions use
 * (loose objects, strings with a minimum length, numbers, literals, optional, nullable, unions,
 * arrays, refinements) and hands any other part to zod itself, so it can be slower but never
 * disagree; `test/core/schema-check.test.ts` checks that on generated values.
 */
export function schemaCheck(schema: ZodType): Check {
	let check = compiled.get(schema);
	if (check === undefined) {
		check = compile(schema);
		compiled.set(schema, check);
	}
	return check;
}

function byZod(schema: ZodType): Check {
	return (value) => schema.safeParse(value).success;
}

function defOf(schema: ZodType): Def | undefined {
	const def = (schema as { _zod?: { def?: Def } })._zod?.def;
	return def !== undefined && typeof def.type === 'string' ? def : undefined;
}

/** The refinements of a schema as checks of a value its type already passed; undefined when one is not a plain refinement. */
function refinementsOf(
	def: Def,
	allowed: (check: CheckDef) => Check | undefined,
): Check[] | undefined {
	const result: Check[] = [];
	for (const entry of def.checks ?? []) {
		const check = entry._zod.def;
		const known = allowed(check);
		if (known !== undefined) {
			result.push(known);
			continue;
		}
		if (check.check !== 'custom' || typeof check.fn !== 'function' || check.when !== undefined)
			return undefined;
		const fn = check.fn;
		result.push((value) => {
			const verdict = fn(value);
			// An asynchronous refinement has no synchronous answer: "no", and zod's own parse decides.
			return !(verdict instanceof Promise) && Boolean(verdict);
		});
	}
	return result;
}

const none = (): undefined => undefined;

/** A check folded into the base test of its type. */
const MERGED: Check = () => true;

function withRefinements(base: Check, refinements: readonly Check[]): Check {
	const [only] = refinements;
	if (only === undefined) return base;
	if (refinements.length === 1) return (value) => base(value) && only(value);
	return (value) => {
		if (!base(value)) return false;
		for (const refine of refinements) if (!refine(value)) return false;
		return true;
	};
}

function compile(schema: ZodType): Check {
	const def = defOf(schema);
	if (def === undefined || def.coerce === true) return byZod(schema);
	const fallback = () => byZod(schema);
	switch (def.type) {
		case 'unknown':
		case 'any':
			return def.checks?.length ? fallback() : () => true;
		case 'string': {
			// Minimum lengths, the one check the definitions put on strings, fold into one test.
			let minimum = 0;
			const refinements = refinementsOf(def, (check) => {
				if (check.check !== 'min_length' || typeof check.minimum !== 'number') return undefined;
				minimum = Math.max(minimum, check.minimum);
				return MERGED;
			});
			if (refinements === undefined) return fallback();
			return withRefinements(
				(value) => typeof value === 'string' && value.length >= minimum,
				refinements.filter((check) => check !== MERGED),
			);
		}
		case 'number': {
			const refinements = refinementsOf(def, none);
			if (refinements === undefined) return fallback();
			return withRefinements(
				(value) => typeof value === 'number' && Number.isFinite(value),
				refinements,
			);
		}
		case 'boolean':
			return def.checks?.length ? fallback() : (value) => typeof value === 'boolean';
		case 'null':
			return (value) => value === null;
		case 'literal': {
			const values = new Set(def.values ?? []);
			return (value) => values.has(value);
		}
		case 'optional':
		case 'nullable': {
			if (def.innerType === undefined || def.checks?.length) return fallback();
			const inner = schemaCheck(def.innerType);
			return def.type === 'optional'
				? (value) => value === undefined || inner(value)
				: (value) => value === null || inner(value);
		}
		case 'union': {
			if (def.options === undefined || def.checks?.length) return fallback();
			const options = def.options.map(schemaCheck);
			return (value) => options.some((option) => option(value));
		}
		case 'array': {
			if (def.element === undefined || def.checks?.length) return fallback();
			const element = schemaCheck(def.element);
			return (value) => {
				if (!Array.isArray(value)) return false;
				// Every index, holes of a sparse array included (`every` would skip them; zod does not).
				for (let index = 0; index < value.length; index++) if (!element(value[index])) return false;
				return true;
			};
		}
		case 'object': {
			// A catchall other than "keep unknown keys" (none, or `unknown`) judges them: zod's job.
			const catchall = def.catchall === undefined ? undefined : defOf(def.catchall);
			if (def.shape === undefined || (catchall !== undefined && catchall.type !== 'unknown'))
				return fallback();
			const refinements = refinementsOf(def, none);
			if (refinements === undefined) return fallback();
			const keys = Object.keys(def.shape);
			const fields = Object.values(def.shape);
			const checks = fields.map(schemaCheck);
			// An absent optional field, the common case, passes without a call.
			const optional = fields.map((field) => defOf(field)?.type === 'optional');
			const base: Check = (value) => {
				if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
				const record = value as Record<string, unknown>;
				for (let index = 0; index < keys.length; index++) {
					const field = record[keys[index] as string];
					if (field === undefined && optional[index] === true) continue;
					if (!(checks[index] as Check)(field)) return false;
				}
				return true;
			};
			return withRefinements(base, refinements);
		}
		default:
			return fallback();
	}
}
